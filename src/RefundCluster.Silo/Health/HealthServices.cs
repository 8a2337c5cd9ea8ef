using RefundCluster.Hosting;
using RefundCluster.Silo.Hosting;

namespace RefundCluster.Silo.Health;

public static class HealthServices
{
    /// <summary>The checks <see cref="HealthEndpoints.ReadinessPath"/> runs.</summary>
    public const string ReadinessTag = "ready";

    /// <summary>
    /// Readiness checks (ASP.NET Core health checks): this silo's membership status and whether it reaches a majority
    /// of the active silos (<see cref="ClusterReachability"/>, listening from the start); in durable mode also the
    /// database. The embedded mode has no database to check.
    /// </summary>
    public static IServiceCollection AddRefundClusterHealthChecks(this IServiceCollection services, StorageMode storage)
    {
        services.AddSingleton<ClusterReachability>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterReachability>());
        var checks = services.AddHealthChecks()
            .AddCheck<MembershipHealthCheck>(MembershipHealthCheck.Name, tags: [ReadinessTag])
            .AddCheck<ReachabilityHealthCheck>(ReachabilityHealthCheck.Name, tags: [ReadinessTag]);
        if (storage == StorageMode.PostgreSql)
        {
            services.AddSingleton<DatabaseHealthCheck>(); // one instance: its cached result and single probe are shared
            checks.AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, tags: [ReadinessTag]);
        }

        return services;
    }
}
