using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;
using RefundCluster.Grains.Telemetry;
using RefundCluster.Hosting;
using RefundCluster.Silo.Api;
using RefundCluster.Silo.Dashboard;
using RefundCluster.Silo.Health;
using RefundCluster.Silo.Security;

namespace RefundCluster.Silo.Hosting;

/// <summary>The whole host (silo, HTTP API, dashboards, telemetry) as one buildable app: run by Program, embedded by tools.</summary>
public static class SiloApp
{
    /// <param name="configure">Last-minute changes before building (an embedding tool's ports, logging).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddCommandLine(args, CommandLineSwitches.Mappings);
        configure?.Invoke(builder);
        builder.AddRefundCluster();
        var storage = RefundClusterOptions.From(builder.Configuration).Storage;
        builder.AddRefundClusterSecurity(storage);
        builder.Services.AddRefundClusterHealthChecks(storage);
        builder.Services.TryAddSingleton(TimeProvider.System);
        // A backstop for endpoints that read no body; those that do refuse more than their own limit (JsonBody) with a
        // 413 problem, and the server still drains a body up to this size so that the client reads that answer.
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = 2 * JsonBody.MaxBatchBytes;
            // A body slower than this is dropped (408); JsonBody also bounds the whole read (Admission:BodyReadTimeout).
            k.Limits.MinRequestBodyDataRate = new MinDataRate(ApiErrors.MinBodyBytesPerSecond, ApiErrors.MinBodyRateGrace);
        });
        builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = FrameworkProblems.Customize);
        builder.Services.AddExceptionHandler<UnavailableExceptionHandler>();
        builder.Services.AddOpenApi(ApiDocument.Describe);
        builder.Services.AddSingleton<EventDispatcher>();
        builder.Services.AddAdmissionControl(builder.Configuration);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(RefundClusterMeter.Name, "Microsoft.Orleans")
            .AddMeter(PlatformMeters.Names)
            .AddPrometheusExporter());
        builder.Services.AddHostedService<ZeroCounters>();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDashboardAssets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi();
        app.MapEventEndpoints();
        app.MapQueryEndpoints();
        app.MapChangeEndpoints();
        app.MapListEndpoints();
        app.MapWebhookEndpoints();
        app.MapPolicyEndpoints();
        app.MapMetricsEndpoints();
        app.MapSeriesEndpoints();
        app.MapRecordingEndpoints();
        app.MapHealthEndpoints();
        app.MapDashboardPages();
        app.MapApiReferencePage();
        if (app.Services.GetRequiredService<IOptions<RefundClusterOptions>>().Value.OrleansDashboard)
        {
            app.MapOrleansDashboard(routePrefix: "/orleans-dashboard").RequireAuthorization(AccessPolicies.Operator).ExcludeFromDescription();
        }

        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(AccessPolicies.Operator);
        app.MapGet("/", () => Results.Redirect("/dashboard")).ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}
