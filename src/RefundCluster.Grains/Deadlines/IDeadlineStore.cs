namespace RefundCluster.Grains.Deadlines;

/// <summary>The durable index behind the deadline shard grains: one row per pending wake-up, grouped by shard.</summary>
public interface IDeadlineStore
{
    /// <summary>
    /// Whether entries <see cref="DeadlineEntry.HeldByTarget"/> must be written here too. False where the store reads
    /// them back from the targets' own stored state (PostgreSQL): a shard then keeps them in memory only.
    /// </summary>
    bool KeepsHeldEntries => true;

    Task<IReadOnlyList<DeadlineEntry>> Load(string shard);

    /// <summary>Applies changes in order; adding an entry that exists or removing one that does not is a no-op.</summary>
    Task Apply(string shard, IReadOnlyList<DeadlineChange> changes);

    /// <summary>Shards holding an entry due before <paramref name="before"/> (for the sweeper's safety net).</summary>
    Task<IReadOnlyList<string>> ShardsDueBefore(DateTimeOffset before, int max);

    /// <summary>Entries held over all shards (for benchmarks and audits).</summary>
    Task<long> Count();
}
