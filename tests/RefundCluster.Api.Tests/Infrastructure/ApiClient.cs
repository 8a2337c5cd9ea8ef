using System.Text;

namespace RefundCluster.Api.Tests.Infrastructure;

/// <summary>The HTTP API as the tests use it: raw sends for bad input, checked sends for set-up.</summary>
public sealed class ApiClient(HttpClient http)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>For what the helpers do not cover (streams, other verbs).</summary>
    public HttpClient Http => http;

    public Task<ApiResponse> Send(JsonNode evt) => SendRaw(evt.ToJsonString());

    public Task<ApiResponse> SendRaw(string body) => Post("v1/events", body);

    public Task<ApiResponse> SendBatch(IEnumerable<JsonNode> events) => SendBatchRaw(new JsonArray([.. events]).ToJsonString());

    public Task<ApiResponse> SendBatchRaw(string body) => Post("v1/events/batch", body);

    /// <summary>Sends an event that must be accepted; returns the outcome.</summary>
    public async Task<JsonElement> Accept(JsonNode evt)
    {
        var response = await Send(evt);
        Assert.True(response.Status == HttpStatusCode.OK, $"Expected {evt["kind"]} to be accepted, got {response}");
        var outcome = response.Json;
        Assert.Equal("accepted", outcome.Str("status"));
        return outcome;
    }

    public async Task<ApiResponse> Get(string path)
    {
        using var response = await http.GetAsync(path, Cancel);
        return await Read(response);
    }

    /// <summary>Any request, as sent: method, path, and a body of the given content type (or none).</summary>
    public async Task<ApiResponse> Request(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await http.SendAsync(request, Cancel);
        return await Read(response);
    }

    public Task<JsonElement> GetOrder(string orderId) => GetOk($"v1/orders/{orderId}");

    public Task<JsonElement> GetRefund(string refundId) => GetOk($"v1/refunds/{refundId}");

    public Task<JsonElement> GetPolicy(string shopId) => GetOk($"v1/shops/{shopId}/policy");

    public async Task<ApiResponse> PutPolicy(string shopId, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"v1/shops/{shopId}/policy")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        using var response = await http.SendAsync(request, Cancel);
        return await Read(response);
    }

    /// <summary>Remembers how the given resources look now, to prove later that a refused request changed nothing.</summary>
    public async Task<Snapshot> Capture(params string[] paths)
    {
        var states = new List<(string Path, string State)>();
        foreach (var path in paths)
        {
            states.Add((path, Describe(await Get(path))));
        }

        return new Snapshot(this, states);
    }

    private async Task<JsonElement> GetOk(string path)
    {
        var response = await Get(path);
        Assert.True(response.Status == HttpStatusCode.OK, $"GET {path}: {response}");
        return response.Json;
    }

    private async Task<ApiResponse> Post(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, content, Cancel);
        return await Read(response);
    }

    private static async Task<ApiResponse> Read(HttpResponseMessage response) =>
        new(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(Cancel),
            response.Headers.RetryAfter?.Delta);

    /// <summary>A found entity is its whole JSON; a missing one its status and code (problem bodies carry a per-request traceId).</summary>
    private static string Describe(ApiResponse response) =>
        response.Status == HttpStatusCode.OK ? response.Body : $"{(int)response.Status} {response.Json.Str("code")}";

    public sealed class Snapshot(ApiClient api, IReadOnlyList<(string Path, string State)> states)
    {
        public async Task AssertUnchanged()
        {
            foreach (var (path, before) in states)
            {
                var after = Describe(await api.Get(path));
                Assert.True(before == after, $"GET {path} changed.{Environment.NewLine}Before: {before}{Environment.NewLine}After:  {after}");
            }
        }
    }
}
