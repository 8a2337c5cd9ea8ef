namespace RefundCluster.Client.Tests.Infrastructure;

/// <summary>
/// Sits between the client and the real host: records every request (with its body) and lets the test answer the
/// n-th itself, or rewrite what the host answered. Unscripted requests pass through unchanged.
/// </summary>
public sealed class ScriptedHandler : DelegatingHandler
{
    private int _count;

    public ScriptedHandler()
        : base(new SocketsHttpHandler())
    {
    }

    /// <summary>A request as it went: <see cref="Sent"/> when the client sent it, <see cref="Answered"/> when its answer went back.</summary>
    public sealed record Seen(HttpMethod Method, string Path, string Body, DateTimeOffset Sent, DateTimeOffset Answered, int Status);

    /// <summary>For the n-th request (1-based): an answer instead of the host's, or null to ask the host.</summary>
    public Func<int, HttpRequestMessage, string, HttpResponseMessage?> Instead { get; set; } = (_, _, _) => null;

    /// <summary>For the n-th request: the answer to give in place of the host's (which it did answer), or null to pass it on.</summary>
    public Func<int, HttpResponseMessage, HttpResponseMessage?> Rewrite { get; set; } = (_, _) => null;

    public List<Seen> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _count);
        var sent = TimeProvider.System.GetUtcNow();
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var response = Instead(n, request, body);
        if (response is null)
        {
            response = await base.SendAsync(request, cancellationToken);
            if (Rewrite(n, response) is { } replaced)
            {
                response.Dispose();
                response = replaced;
            }
        }

        lock (Requests)
        {
            Requests.Add(new Seen(request.Method, request.RequestUri!.AbsolutePath, body, sent, TimeProvider.System.GetUtcNow(), (int)response.StatusCode));
        }

        return response;
    }

    /// <summary>503 with Retry-After, as an overloaded silo answers.</summary>
    public static HttpResponseMessage Unavailable(int retryAfterSeconds)
    {
        var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
        {
            Content = new StringContent("""{"status":503,"code":"cluster.overloaded","title":"cluster.overloaded"}""", System.Text.Encoding.UTF8, "application/problem+json"),
        };
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfterSeconds));
        return response;
    }
}
