using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RefundCluster.Performance.Setup;
using RefundCluster.Silo.Hosting;
using RefundCluster.Silo.Security;

namespace RefundCluster.LoadTests.Targets;

/// <summary>
/// A whole single-silo cluster started in this process (the same host as <c>dotnet run --project src/RefundCluster.Silo</c>,
/// on free loopback ports), driven over its real HTTP API: nothing to set up.
/// </summary>
public sealed class EmbeddedTarget : ITarget
{
    private readonly WebApplication _app;
    private readonly HttpTarget _http;

    /// <summary>The run's own key: integrator and operator, at a rate no run reaches (the tool measures the cluster, not its limiter).</summary>
    private static readonly (string Key, string Hash) RunKey = ApiKey.Generate("load-test");

    private EmbeddedTarget(WebApplication app, Uri address, int gatewayPort)
    {
        _app = app;
        GatewayPort = gatewayPort;
        _http = new HttpTarget(address, apiKey: RunKey.Key);
        Address = address;
        Description = $"embedded single silo ({address})";
    }

    public string Description { get; }

    /// <summary>The silo's HTTP API (for commands that call it themselves, such as the recording command in tests).</summary>
    public Uri Address { get; }

    /// <summary>The run's key (integrator and operator).</summary>
    internal static string RunApiKey => RunKey.Key;

    public IServiceProvider Services => _app.Services;

    /// <summary>The silo's Orleans client gateway (for the gateway target).</summary>
    public int GatewayPort { get; }

    /// <param name="settings">Host settings (RefundCluster:TimeScale, ...), as on the silo's command line.</param>
    public static async Task<EmbeddedTarget> Start(IReadOnlyDictionary<string, string?>? settings = null)
    {
        // A free port can be taken by another process between choosing it and binding it: choose again, a few times.
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePorts.Take(3);
            var (http, silo, gateway) = (ports[0], ports[1], ports[2]);
            var app = Build(settings, http, silo, gateway);
            try
            {
                await app.StartAsync();
                return new EmbeddedTarget(app, new Uri($"http://127.0.0.1:{http}/"), gateway);
            }
            catch (Exception e) when (attempt < 3 && e is IOException or SocketException or OrleansException)
            {
                await app.DisposeAsync();
            }
        }
    }

    private static WebApplication Build(IReadOnlyDictionary<string, string?>? settings, int http, int silo, int gateway) =>
        SiloApp.Build([], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Error);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
            {
                ["RefundCluster:HttpPort"] = http.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RefundCluster:SiloPort"] = silo.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RefundCluster:GatewayPort"] = gateway.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Security:ApiKeys:0:Id"] = "load-test",
                ["Security:ApiKeys:0:Hash"] = RunKey.Hash,
                ["Security:ApiKeys:0:Roles:0"] = nameof(Role.Integrator),
                ["Security:ApiKeys:0:Roles:1"] = nameof(Role.Operator),
                ["Security:ApiKeys:0:RequestsPerSecond"] = "100000000",
            });
        });

    public Task<TargetResponse> Send(HttpMethod method, string path, string? json, CancellationToken cancellationToken) =>
        _http.Send(method, path, json, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _http.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
