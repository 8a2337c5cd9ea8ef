namespace RefundCluster.Grains.Deadlines;

/// <summary>An entry added to or removed from a shard's durable index.</summary>
public readonly record struct DeadlineChange(DeadlineEntry Entry, bool Added);
