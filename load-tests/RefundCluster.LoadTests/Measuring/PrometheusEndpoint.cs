using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace RefundCluster.LoadTests.Measuring;

/// <summary>
/// <c>--metrics-port N</c>: the driver's <see cref="LoadTestMeter"/> on <c>http://127.0.0.1:N/metrics</c> while the run
/// lasts, for Prometheus to scrape next to the silos (loopback only, no key: it holds nothing but the run's figures).
/// </summary>
public sealed class PrometheusEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PrometheusEndpoint(WebApplication app) => _app = app;

    public static async Task<PrometheusEndpoint> Start(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(LoadTestMeter.Name).AddPrometheusExporter());
        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint("/metrics");
        await app.StartAsync(cancellationToken);
        return new PrometheusEndpoint(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
