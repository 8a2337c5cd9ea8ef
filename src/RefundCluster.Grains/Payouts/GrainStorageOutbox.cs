namespace RefundCluster.Grains.Payouts;

/// <summary>
/// What the order grains' storage writes besides the state: whether it records payouts and changes with it (the
/// embedded storage and PostgreSQL: yes; Orleans' memory storage: no, so the grain records them after the write).
/// </summary>
public sealed record GrainStorageOutbox(bool RecordsPayouts, bool RecordsChanges = false);
