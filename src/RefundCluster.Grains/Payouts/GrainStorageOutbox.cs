namespace RefundCluster.Grains.Payouts;

/// <summary>What the order grains' storage writes besides the state: whether it records payouts with it (the embedded storage and PostgreSQL: yes; Orleans' memory storage: no).</summary>
public sealed record GrainStorageOutbox(bool RecordsPayouts);
