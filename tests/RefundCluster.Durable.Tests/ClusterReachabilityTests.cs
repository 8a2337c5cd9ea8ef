using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using RefundCluster.Silo.Health;

namespace RefundCluster.Durable.Tests;

/// <summary>
/// How readiness judges a silo loss from this silo's probe outcomes (<see cref="ClusterReachability.Assess"/>): a silo
/// counts as unreachable after as many missed probes in a row as make Orleans suspect it, and this silo is ready while
/// it and the silos it reaches are a strict majority of the active ones.
/// </summary>
public sealed class ClusterReachabilityTests : IDisposable
{
    private static readonly SiloAddress Self = Silo(1);
    private static readonly SiloAddress Second = Silo(2);
    private static readonly SiloAddress Third = Silo(3);

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ClusterReachability _reachability;

    public ClusterReachabilityTests()
    {
        _reachability = new ClusterReachability(_services.GetRequiredService<IMeterFactory>(), Options.Create(new ClusterMembershipOptions { NumMissedProbesLimit = 3 }));
    }

    [Fact]
    public void A_silo_alone_is_a_majority()
    {
        var (majority, description) = _reachability.Assess(Snapshot((Self, SiloStatus.Active)), Self);
        Assert.True(majority);
        Assert.Equal("reaches 1 of 1 active silos", description);
    }

    [Fact]
    public void Two_missed_probes_in_a_row_of_three_allowed_do_not_make_a_silo_unreachable()
    {
        Missed(Second, 2);
        Missed(Third, 2);
        Assert.True(_reachability.Assess(Snapshot((Self, SiloStatus.Active), (Second, SiloStatus.Active), (Third, SiloStatus.Active)), Self).Majority);
    }

    [Fact]
    public void Losing_one_of_three_leaves_a_majority_but_names_the_silo()
    {
        Missed(Second, 3);
        var (majority, description) = _reachability.Assess(Snapshot((Self, SiloStatus.Active), (Second, SiloStatus.Active), (Third, SiloStatus.Active)), Self);
        Assert.True(majority);
        Assert.StartsWith($"reaches 2 of 3 active silos; not answering probes: {Second}", description, StringComparison.Ordinal);
    }

    [Fact]
    public void Losing_two_of_three_is_the_minority_until_they_are_declared_dead()
    {
        Missed(Second, 3);
        Missed(Third, 4);
        var (majority, description) = _reachability.Assess(Snapshot((Self, SiloStatus.Active), (Second, SiloStatus.Active), (Third, SiloStatus.Active)), Self);
        Assert.False(majority);
        Assert.Contains("reaches 1 of 3 active silos", description, StringComparison.Ordinal);

        // Declared dead: they no longer count among the active silos.
        Assert.True(_reachability.Assess(Snapshot((Self, SiloStatus.Active), (Second, SiloStatus.Dead), (Third, SiloStatus.Dead)), Self).Majority);
    }

    [Fact]
    public void An_answered_probe_makes_a_silo_reachable_again()
    {
        Missed(Second, 5);
        Missed(Third, 5);
        _reachability.Record(Second.ToString(), missed: false);
        Assert.True(_reachability.Assess(Snapshot((Self, SiloStatus.Active), (Second, SiloStatus.Active), (Third, SiloStatus.Active)), Self).Majority);
    }

    [Fact]
    public void Half_is_not_a_majority()
    {
        var fourth = Silo(4);
        Missed(Third, 3);
        Missed(fourth, 3);
        Assert.False(_reachability.Assess(Snapshot((Self, SiloStatus.Active), (Second, SiloStatus.Active), (Third, SiloStatus.Active), (fourth, SiloStatus.Active)), Self).Majority);
    }

    private void Missed(SiloAddress silo, int times)
    {
        for (var i = 0; i < times; i++)
        {
            _reachability.Record(silo.ToString(), missed: true);
        }
    }

    private static SiloAddress Silo(int n) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11110 + n), 1);

    private static ClusterMembershipSnapshot Snapshot(params (SiloAddress Silo, SiloStatus Status)[] members) =>
        new(members.ToImmutableDictionary(m => m.Silo, m => new ClusterMember(m.Silo, m.Status, $"silo-{m.Silo.Endpoint.Port}")), new MembershipVersion(1));

    public void Dispose()
    {
        _reachability.Dispose();
        _services.Dispose();
    }
}
