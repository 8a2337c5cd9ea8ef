using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RefundCluster.Silo.Hosting;

namespace RefundCluster.Benchmarks.Hosting;

/// <summary>One silo wired exactly as the production host (SiloHostingExtensions.AddRefundCluster, or the whole SiloApp), quiet below warnings.</summary>
public static class ProductionSilo
{
    /// <param name="settings">Configuration keys as in appsettings (<c>RefundCluster:Storage</c>, ...); environment variables still apply.</param>
    public static async Task<WebApplication> Start(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder([]);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddRefundCluster();
        var app = builder.Build();
        await app.StartAsync();
        return app;
    }

    /// <summary>The whole host (<see cref="SiloApp"/>: the silo and its HTTP API, security included), quiet below warnings.</summary>
    public static async Task<WebApplication> StartWithApi(Dictionary<string, string?> settings)
    {
        var app = SiloApp.Build([], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(settings);
        });
        await app.StartAsync();
        return app;
    }
}
