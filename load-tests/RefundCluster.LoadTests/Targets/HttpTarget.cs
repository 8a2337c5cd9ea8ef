using System.Text;

namespace RefundCluster.LoadTests.Targets;

/// <summary>A cluster's HTTP API. Connection failures and timeouts are answered as status 0 (an error, never a pass).</summary>
public sealed class HttpTarget : ITarget
{
    private readonly HttpClient _http;

    /// <param name="apiKey">Sent as <c>X-Api-Key</c> with every request.</param>
    public HttpTarget(Uri baseAddress, TimeSpan? timeout = null, string? apiKey = null)
    {
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };
        if (apiKey is not null)
        {
            _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        Description = $"HTTP {baseAddress}";
    }

    public string Description { get; }

    public async Task<TargetResponse> Send(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(method, path);
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            using var response = await _http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return new TargetResponse((int)response.StatusCode, body, RetryAfter(response));
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout elapsed: the request got no answer in time.
            return new TargetResponse(0, e.Message) { TimedOut = true };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new TargetResponse(0, e.Message);
        }
    }

    /// <summary>Retry-After as a delay (a date is turned into the delay from now); null when absent.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
