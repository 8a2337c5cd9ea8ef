namespace RefundCluster.Grains.Payouts;

/// <summary>What the entity grain storage writes besides the state. Memory storage: nothing; PostgreSQL: the payouts.</summary>
public sealed record GrainStorageOutbox(bool RecordsPayouts);
