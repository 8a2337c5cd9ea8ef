namespace RefundCluster.Grains.Deadlines;

/// <summary>
/// A grain state that carries its owner's next wake-up (<see cref="DeadlineAlarm.IndexedDue"/>). A grain storage that
/// can index it with the state (PostgreSQL's <c>next_due</c> column) makes the deadline index free: the entry is
/// written, moved and dropped by the state's own writes.
/// </summary>
public interface IIndexedDeadlineState
{
    DateTimeOffset? IndexedDue { get; }
}
