using RefundCluster.Testing;

namespace RefundCluster.Api.Tests.Infrastructure;

/// <summary>A running host and a client for it. Subclasses choose the clock and any extra host switches.</summary>
public abstract class HostFixture(double timeScale, IReadOnlyList<string>? arguments = null) : IAsyncLifetime
{
    private SiloProcess? _silo;
    private HttpClient? _http;

    public ApiClient Api { get; private set; } = null!;

    public string RecentOutput => _silo?.RecentOutput ?? "";

    public SiloPorts Ports => _silo?.Ports ?? throw new InvalidOperationException("The host is not started.");

    public async ValueTask InitializeAsync()
    {
        _silo = await SiloProcess.Start(timeScale, arguments);
        _http = TestCredentials.Admin.NewClient(_silo.BaseAddress, TimeSpan.FromSeconds(30));
        Api = new ApiClient(_http);
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>The host every test shares: real time, so no platform timer fires during a test run.</summary>
public sealed class ClusterHost() : HostFixture(1, ["--Webhooks:AllowPrivateTargets=true", "--Webhooks:FirstRetry=00:00:00.200"]);

/// <summary>A second host whose grain clock runs 3600x (48 h pass in 48 s), to watch real timers fire.</summary>
public sealed class DemoClusterHost() : HostFixture(3600);
