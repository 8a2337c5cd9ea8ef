using System.Net.Http.Json;
using System.Text.Json;
using RefundCluster.Testing;

namespace RefundCluster.Durable.Tests.Support;

/// <summary>
/// An integrator's client: sends each event to the next live silo and, on a network error, a timeout, a 503 or a
/// storage conflict, sends the very same event (same eventId) again, to another silo. Orleans messages are at most
/// once, so this is how an integrator gets effectively-once: the grain answers a resend as a duplicate.
/// </summary>
/// <param name="giveUpAfter">How long one event is resent before the client gives up (2 minutes unless given).</param>
public sealed class FailoverClient(DurableCluster cluster, TimeSpan? giveUpAfter = null) : IDisposable
{
    /// <summary>How long one request may go unanswered (the silo's own answer window for events is 10 s).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    private readonly TimeSpan _giveUpAfter = giveUpAfter ?? TimeSpan.FromMinutes(2);
    private readonly HttpClient _http = TestCredentials.Admin.NewClient(null, RequestTimeout);
    private int _next;
    private long _retries;

    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Why each retry happened, for the failure message.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> RetryLog { get; } = new();

    /// <summary>Every attempt <see cref="Send"/> made and what it got back, retries included.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<HttpAnswer> Answers { get; } = new();

    /// <summary>Sends until the event is acknowledged (accepted or duplicate) or refused with a 4xx; returns the body.</summary>
    public async Task<JsonObject> Send(JsonObject e)
    {
        var payload = e.ToJsonString();
        var giveUp = DateTime.UtcNow + _giveUpAfter;
        var lastProblem = "";
        while (DateTime.UtcNow < giveUp)
        {
            var endpoint = NextEndpoint();
            var sentAt = DateTime.UtcNow;
            var took = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                using var content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json");
                using var response = await _http.PostAsync(new Uri(endpoint, "v1/events"), content);
                var body = await response.Content.ReadAsStringAsync();
                Answers.Enqueue(HttpAnswer.Of(sentAt, took.Elapsed, endpoint, $"event {e["eventId"]}", response, body));
                if (response.IsSuccessStatusCode)
                {
                    return JsonNode.Parse(body)!.AsObject();
                }

                lastProblem = $"{(int)response.StatusCode} {body}";
                if ((int)response.StatusCode < 500 && !body.Contains("storage.conflict", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"event {e["eventId"]} refused: {lastProblem}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                lastProblem = ex.Message; // the silo died or did not answer in time: the event may or may not have landed
                Answers.Enqueue(new HttpAnswer(sentAt, took.Elapsed, endpoint.Port, $"event {e["eventId"]}", 0, null, false, ex.GetType().Name));
            }

            Interlocked.Increment(ref _retries);
            RetryLog.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {e["eventId"]} via {endpoint.Port}: {(lastProblem.Length > 200 ? lastProblem[..200] : lastProblem)}");
            await Task.Delay(250);
        }

        throw new TimeoutException($"event {e["eventId"]} never acknowledged: {lastProblem}");
    }

    public async Task Put(string path, JsonObject body)
    {
        using var content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PutAsync(new Uri(NextEndpoint(), path), content);
        response.EnsureSuccessStatusCode();
    }

    public Task<JsonObject?> Get(string path) => Request(HttpMethod.Get, path);

    /// <summary>A POST without a body (an idempotent operator action), retried on other silos like a GET.</summary>
    public Task<JsonObject?> Post(string path) => Request(HttpMethod.Post, path);

    private async Task<JsonObject?> Request(HttpMethod method, string path)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            try
            {
                using var response = await _http.SendAsync(new HttpRequestMessage(method, new Uri(NextEndpoint(), path)));
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                if (response.IsSuccessStatusCode)
                {
                    return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{method} {path} kept failing");
    }

    private Uri NextEndpoint()
    {
        var live = cluster.LiveEndpoints;
        return live[(int)((uint)Interlocked.Increment(ref _next) % live.Count)];
    }

    public void Dispose() => _http.Dispose();
}
