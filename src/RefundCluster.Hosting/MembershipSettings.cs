using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace RefundCluster.Hosting;

/// <summary>Binds <see cref="MembershipOptions"/>, validates it when the host starts and hands it to Orleans.</summary>
public static class MembershipSettings
{
    public static ISiloBuilder AddRefundClusterMembership(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddOptions<MembershipOptions>()
            .Bind(configuration.GetSection(MembershipOptions.Section))
            .Validate(o => o.ProbeTimeout > TimeSpan.Zero, "Membership:ProbeTimeout must be positive.")
            .Validate(o => o.NumMissedProbesLimit >= 1, "Membership:NumMissedProbesLimit must be at least 1.")
            .Validate(o => o.NumVotesForDeathDeclaration >= 1, "Membership:NumVotesForDeathDeclaration must be at least 1.")
            .Validate(o => o.IAmAliveTablePublishTimeout > TimeSpan.Zero, "Membership:IAmAliveTablePublishTimeout must be positive.")
            .Validate(o => o.NumMissedTableIAmAliveLimit >= 2, "Membership:NumMissedTableIAmAliveLimit must be at least 2 (one late heartbeat must not make a live silo stale).")
            .Validate(o => o.TableRefreshTimeout > TimeSpan.Zero, "Membership:TableRefreshTimeout must be positive.")
            .ValidateOnStart();
        silo.Services.AddOptions<ClusterMembershipOptions>().Configure<IOptions<MembershipOptions>>((orleans, ours) =>
        {
            var o = ours.Value;
            orleans.ProbeTimeout = o.ProbeTimeout;
            orleans.NumMissedProbesLimit = o.NumMissedProbesLimit;
            orleans.NumVotesForDeathDeclaration = o.NumVotesForDeathDeclaration;
            orleans.IAmAliveTablePublishTimeout = o.IAmAliveTablePublishTimeout;
            orleans.NumMissedTableIAmAliveLimit = o.NumMissedTableIAmAliveLimit;
            orleans.TableRefreshTimeout = o.TableRefreshTimeout;
        });
        return silo;
    }
}
