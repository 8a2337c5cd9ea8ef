using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;
using RefundCluster.Grains.Telemetry;
using RefundCluster.Silo.Api;
using RefundCluster.Silo.Dashboard;
using RefundCluster.Silo.Health;
using RefundCluster.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, CommandLineSwitches.Mappings);
builder.AddRefundCluster();
builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddSingleton<EventDispatcher>();
builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
    .AddMeter(RefundClusterMeter.Name, "Microsoft.Orleans")
    .AddPrometheusExporter());

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapOpenApi();
app.MapEventEndpoints();
app.MapQueryEndpoints();
app.MapPolicyEndpoints();
app.MapMetricsEndpoints();
app.MapHealthEndpoints();
app.MapDashboardPages();
if (app.Services.GetRequiredService<IOptions<RefundClusterOptions>>().Value.OrleansDashboard)
{
    app.MapOrleansDashboard(routePrefix: "/orleans-dashboard");
}

app.MapPrometheusScrapingEndpoint("/metrics");
app.MapGet("/", () => Results.Redirect("/dashboard")).ExcludeFromDescription();
app.Run();

/// <summary>Entry point, visible to the HTTP tests that host the real app.</summary>
public partial class Program;
