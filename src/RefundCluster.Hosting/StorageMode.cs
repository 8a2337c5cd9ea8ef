namespace RefundCluster.Hosting;

/// <summary>Where membership, grain state, reminders, deadlines and payouts live.</summary>
public enum StorageMode
{
    /// <summary>One embedded silo, everything in memory: needs nothing else, loses everything on exit.</summary>
    Memory,

    /// <summary>A real cluster: membership, grain state, reminders, deadline index and payouts in PostgreSQL.</summary>
    PostgreSql,
}
