using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace RefundCluster.Silo.Health;

/// <summary>
/// Unhealthy while this silo is on the minority side of a silo loss (<see cref="ClusterReachability.Assess"/>): it
/// reaches no more than half of the active silos, so most grain calls fail until the others are declared dead.
/// </summary>
public sealed class ReachabilityHealthCheck(ClusterReachability reachability, IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public const string Name = "reachability";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(reachability.Assess(membership.CurrentSnapshot, silo.SiloAddress) is var (majority, description) && majority
            ? HealthCheckResult.Healthy(description)
            : HealthCheckResult.Unhealthy(description));
}
