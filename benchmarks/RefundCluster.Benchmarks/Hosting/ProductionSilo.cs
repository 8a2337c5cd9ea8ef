using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RefundCluster.Hosting;
using RefundCluster.Silo.Hosting;

namespace RefundCluster.Benchmarks.Hosting;

/// <summary>
/// One silo wired exactly as the production host, quiet below warnings: the silo alone
/// (<see cref="SiloHostingExtensions.AddRefundClusterSilo"/>, in a generic host without HTTP), or the whole
/// <see cref="SiloApp"/> with its HTTP API.
/// </summary>
public static class ProductionSilo
{
    /// <param name="settings">Configuration keys as in appsettings (<c>RefundCluster:Storage</c>, ...); environment variables still apply.</param>
    /// <param name="services">A benchmark's own changes to the registered services (e.g. a timing wrapper around a store), after the wiring's.</param>
    public static IHost Build(Dictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        Quiet(builder.Logging);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddRefundClusterSilo();
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <inheritdoc cref="Build"/>
    public static async Task<IHost> Start(Dictionary<string, string?> settings)
    {
        var host = Build(settings);
        await host.StartAsync();
        return host;
    }

    /// <summary>The whole host (<see cref="SiloApp"/>: the silo and its HTTP API, security included), quiet below warnings.</summary>
    public static async Task<WebApplication> StartWithApi(Dictionary<string, string?> settings)
    {
        var app = SiloApp.Build([], builder =>
        {
            Quiet(builder.Logging);
            builder.Configuration.AddInMemoryCollection(settings);
        });
        await app.StartAsync();
        return app;
    }

    private static void Quiet(ILoggingBuilder logging) =>
        logging.ClearProviders().AddSimpleConsole(c => { c.SingleLine = true; c.TimestampFormat = "HH:mm:ss.fff "; }).SetMinimumLevel(LogLevel.Warning);
}
