namespace RefundCluster.Hosting;

/// <summary>
/// How fast the cluster declares a lost silo dead (section <c>Membership</c>, e.g. <c>Membership__ProbeTimeout=00:00:02</c>),
/// copied into Orleans' <c>ClusterMembershipOptions</c>. Until a lost silo is declared dead, calls to its grains, its
/// grain-directory partition and its deadline shards fail, so every second here is a second of 503s.
/// <para>
/// Orleans declares a silo dead once <see cref="NumVotesForDeathDeclaration"/> silos suspect it, capped at half of the
/// active silos whose heartbeat is not stale: <c>min(votes, (activeNonStale + 1) / 2)</c>. A silo suspects another
/// after <see cref="NumMissedProbesLimit"/> missed probes. When most of the cluster dies at once (2 of 3), the
/// survivor alone has one vote while the dead still count as active, so nothing happens until their heartbeats go
/// stale: <see cref="IAmAliveTablePublishTimeout"/> × <see cref="NumMissedTableIAmAliveLimit"/> after their last one.
/// With Orleans' defaults (30 s × 3) that was 68–108 s of outage on a survivor; with these, about 15 s.
/// </para>
/// </summary>
public sealed class MembershipOptions
{
    public const string Section = "Membership";

    /// <summary>
    /// The initial probe timeout (Orleans' default 5 s). Orleans adapts it to the measured round trips between half and
    /// four times this, longer while this silo itself is degraded (CPU, thread pool), and probes that often. 1 s: a
    /// silo whose process is gone is suspected after 3 probes within about 3 s (at 2 s, 3 probes took 21 s on a
    /// loaded 2-core host). A live silo is not voted out for slow probes while it still sends messages: Orleans
    /// suppresses a vote when a connection received one within 4 × this × <see cref="NumMissedProbesLimit"/> (12 s).
    /// </summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes after which a silo votes the probed one dead (Orleans' default, 3).</summary>
    public int NumMissedProbesLimit { get; set; } = 3;

    /// <summary>Votes that declare a silo dead (Orleans' default, 2): two silos must agree, or half the active ones if fewer.</summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>
    /// How often each silo writes its heartbeat (<c>iamalivetime</c>) to the membership table: one UPDATE per silo per
    /// period. Orleans' default 30 s.
    /// </summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Heartbeats a silo may miss before its entry counts as stale: a stale silo counts neither for the votes needed
    /// nor as an intermediary for indirect probes, so one survivor's vote suffices. Staleness alone declares nothing:
    /// some silo's probes must still fail. At least 2, so that one slow write does not make a live silo stale.
    /// Orleans' default 3 (× 30 s).
    /// </summary>
    public int NumMissedTableIAmAliveLimit { get; set; } = 2;

    /// <summary>
    /// How often each silo re-reads the membership table (one small SELECT), besides gossip. Orleans re-picks the
    /// intermediaries of its indirect probes only on a new table snapshot: until then a survivor keeps asking a dead
    /// silo to probe the other dead one, which decides nothing. Orleans' default 60 s.
    /// </summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
