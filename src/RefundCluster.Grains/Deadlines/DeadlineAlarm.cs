namespace RefundCluster.Grains.Deadlines;

/// <summary>
/// Keeps an entity's earliest deadline registered in the deadline index, which wakes the grain when it is due, even
/// after deactivation or the loss of its silo. Whatever wakes the grain, it re-checks every deadline against the clock,
/// so an early, late or repeated wake-up is harmless. Its entries are held by the target: the owner stores
/// <see cref="IndexedDue"/> with its state, which is where a PostgreSQL index reads it back from (no row of its own).
/// </summary>
public sealed class DeadlineAlarm(GrainId owner, DeadlineIndex index)
{
    private readonly List<DateTimeOffset> _superseded = [];

    /// <summary>The due time registered in the index; persisted by the owner so that it is not re-registered on every event.</summary>
    public DateTimeOffset? IndexedDue { get; set; }

    /// <summary>Registers the new earliest deadline. Call before persisting: a deadline must be indexed before it is stored.</summary>
    public async Task Arm(DateTimeOffset? next)
    {
        if (next == IndexedDue)
        {
            return;
        }

        if (next is { } due)
        {
            await index.Schedule(owner, due, heldByTarget: true);
        }

        if (IndexedDue is { } previous)
        {
            _superseded.Add(previous);
        }

        IndexedDue = next;
    }

    /// <summary>
    /// Drops index entries the stored state no longer needs, soon and in batches (<see cref="DeadlineIndex.CancelLater"/>).
    /// Call after persisting: dropping one earlier could lose a deadline if the write then failed. A drop that never
    /// arrives only causes a spurious wake-up.
    /// </summary>
    public void ReleaseSuperseded()
    {
        foreach (var due in _superseded)
        {
            index.CancelLater(owner, due, heldByTarget: true);
        }

        _superseded.Clear();
    }
}
