using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace RefundCluster.Silo.Health;

/// <summary>
/// Healthy while this silo is Active in the cluster's membership: not before it joined, not once it started handing
/// its grains over or was declared dead.
/// </summary>
public sealed class MembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public const string Name = "membership";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"{silo.SiloAddress} active")
            : HealthCheckResult.Unhealthy($"{silo.SiloAddress} {status}"));
    }
}
