using System.Net;
using System.Text.Json;
using System.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Metrics;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Metrics;
using RefundCluster.Silo.Api;

namespace RefundCluster.LoadTests.Targets;

/// <summary>
/// A cluster reached through an Orleans client on its gateway (<c>orleans://host:port?cluster=…&amp;service=…</c>), as a
/// .NET integrator would: the scenarios' requests are mapped onto the same grain calls the HTTP API makes, and the
/// answers onto the statuses the API would give.
/// </summary>
public sealed class OrleansGatewayTarget : ITarget
{
    /// <summary>The ids of a silo on localhost clustering (the embedded default); durable clusters set theirs.</summary>
    private const string DefaultId = "default";

    private readonly IHost _client;
    private readonly IGrainFactory _grains;
    private readonly JsonSerializerOptions _json = ApiJson.Create();

    private OrleansGatewayTarget(IHost client, string description)
    {
        _client = client;
        _grains = client.Services.GetRequiredService<IClusterClient>();
        Description = description;
    }

    public string Description { get; }

    /// <param name="address">orleans://host:port with optional ?cluster=&amp;service= (default "default", the embedded silo's).</param>
    public static async Task<OrleansGatewayTarget> Connect(Uri address)
    {
        var query = HttpUtility.ParseQueryString(address.Query);
        var gateway = new IPEndPoint((await Dns.GetHostAddressesAsync(address.Host)).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork), address.Port);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(gateway);
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = query["cluster"] ?? DefaultId;
                o.ServiceId = query["service"] ?? DefaultId;
            });
            client.Services.AddSerializer(serializer => serializer.AddRefundClusterContracts());
        });
        var host = builder.Build();
        await host.StartAsync();
        return new OrleansGatewayTarget(host, $"Orleans gateway {gateway} (cluster {query["cluster"] ?? DefaultId})");
    }

    public async Task<TargetResponse> Send(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        try
        {
            var uri = new Uri(new Uri("http://gateway/"), path);
            var segments = uri.AbsolutePath.Trim('/').Split('/');
            return (method.Method, segments) switch
            {
                ("POST", ["v1", "events"]) => await Event(json!),
                ("GET", ["healthz"]) => new TargetResponse(200, "Healthy"),
                ("GET", ["v1", "refunds", var id]) => Found(await _grains.Refunds().GetView(id)),
                ("GET", ["v1", "orders", var id]) => Found(await _grains.GetGrain<IOrderGrain>(id).GetView()),
                ("GET", ["v1", "shops", var shop, "metrics"]) => await Metrics(shop, HttpUtility.ParseQueryString(uri.Query)["window"]),
                ("GET", ["v1", "shops", var shop, "risks"]) => Ok((await _grains.GetGrain<IShopMetricsGrain>(shop).GetRisks()).ToDocument(shop)),
                ("GET", ["v1", "metrics", "shops"]) => Ok(await MetricsEndpoints.Leaderboard(_grains, LeaderboardSort.Refunds, 10)),
                _ => new TargetResponse(404, $"{method} {path} has no grain mapping"),
            };
        }
        catch (Exception e) when (e is TimeoutException or OrleansException && !cancellationToken.IsCancellationRequested)
        {
            return new TargetResponse(503, e.Message);
        }
    }

    private async Task<TargetResponse> Event(string json)
    {
        using var document = JsonDocument.Parse(json);
        var (e, _, error) = EventParser.Parse(document.RootElement, _json, TimeProvider.System.GetUtcNow());
        if (error is not null)
        {
            return new TargetResponse(Problems.StatusOf(error.Kind), error.Code);
        }

        var outcome = await _grains.Send(e!);
        return outcome.Error is { } refused ? new TargetResponse(Problems.StatusOf(refused.Kind), refused.Code) : Ok(outcome);
    }

    private async Task<TargetResponse> Metrics(string shop, string? window)
    {
        var parsed = MetricWindow.OneHour;
        if (window is not null && !MetricWindows.TryParse(window, out parsed))
        {
            return new TargetResponse(400, "metrics.window_invalid");
        }

        return Ok((await _grains.GetGrain<IShopMetricsGrain>(shop).GetMetrics(parsed)).ToDocument());
    }

    private TargetResponse Found<T>(T? view) where T : class => view is null ? new TargetResponse(404, null) : Ok(view);

    private TargetResponse Ok<T>(T value) => new(200, JsonSerializer.Serialize(value, _json));

    public async ValueTask DisposeAsync()
    {
        await _client.StopAsync();
        _client.Dispose();
    }
}
