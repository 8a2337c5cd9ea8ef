namespace RefundCluster.Client.Tests.Infrastructure;

/// <summary>
/// The real host, started as the API tests start theirs (real time, private webhook targets allowed, quick first
/// webhook retry), and clients for it.
/// </summary>
public sealed class ClientHost : IAsyncLifetime
{
    private SiloProcess? _silo;

    public Uri BaseAddress => _silo?.BaseAddress ?? throw new InvalidOperationException("The host is not started.");

    public string RecentOutput => _silo?.RecentOutput ?? "";

    public async ValueTask InitializeAsync() =>
        _silo = await SiloProcess.Start(1, ["--Webhooks:AllowPrivateTargets=true", "--Webhooks:FirstRetry=00:00:00.200"]);

    /// <summary>A client with the key given (the admin's by default), through <paramref name="handler"/> when given.</summary>
    public RefundClusterClient Client(TestKey? key = null, RefundClusterClientOptions? options = null, HttpMessageHandler? handler = null, TimeProvider? clock = null)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.Timeout = TimeSpan.FromSeconds(60);
        return new RefundClusterClient(
            http, (options ?? new RefundClusterClientOptions()) with { BaseAddress = BaseAddress, ApiKey = (key ?? TestCredentials.Admin).Key }, clock);
    }

    /// <summary>A plain HTTP client with the admin's key, for what the typed client does not do (webhook subscriptions).</summary>
    public HttpClient Http() => TestCredentials.Admin.NewClient(BaseAddress, TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}
