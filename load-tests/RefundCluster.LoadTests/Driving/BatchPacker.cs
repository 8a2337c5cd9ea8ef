namespace RefundCluster.LoadTests.Driving;

/// <summary>
/// Packs events into batches of up to <see cref="MaxBatch"/>, the way an integrator forwarding a stream does: a batch
/// goes as soon as it is full, or once its oldest event has waited <see cref="Window"/> (the send window) since it was
/// handed in. Events are
/// taken in the order they were added (events of several scenarios' iterations, so a batch mixes stages of different
/// lifecycles). Pure: the caller passes the clock, so the packing is tested without timers.
/// </summary>
/// <remarks>
/// A batch's <em>intended send time</em> is when the schedule says it should have gone: when its last event fell due
/// if it filled up, and never later than its oldest event's due time plus the window. An event added late (after its
/// due time, e.g. a lifecycle stage held back until the stage before it was answered) pulls that time back, so the
/// delay shows in the batch's latency, which is measured from it. The window itself runs from when an event was handed
/// in, not from when it fell due: events that arrive late (a busy client, a held-back stage) are still packed together
/// rather than each sent alone, which would multiply the requests just when the cluster is slow.
/// </remarks>
public sealed class BatchPacker<T>(int maxBatch, long window)
{
    private readonly List<Entry> _waiting = [];

    public int MaxBatch { get; } = maxBatch > 0 ? maxBatch : throw new ArgumentOutOfRangeException(nameof(maxBatch), "a batch holds at least one event");

    /// <summary>The send window, in the caller's clock units (Stopwatch ticks in the tool).</summary>
    public long Window { get; } = window >= 0 ? window : throw new ArgumentOutOfRangeException(nameof(window));

    public int Waiting => _waiting.Count;

    /// <summary>When what is waiting must go even if no more events come (its oldest event's window ends); null when nothing waits.</summary>
    public long? NextDeadline => _waiting.Count == 0 ? null : _waiting[0].Added + Window;

    /// <summary>Adds an event that fell due at <paramref name="due"/>, handed in at <paramref name="added"/>.</summary>
    public void Add(T item, long due, long added) => _waiting.Add(new Entry(item, due, added));

    /// <summary>The batches to send at <paramref name="now"/>: every full batch, then the rest if its oldest event's window has passed.</summary>
    public IReadOnlyList<PackedBatch<T>> TakeReady(long now)
    {
        List<PackedBatch<T>>? ready = null;
        while (_waiting.Count >= MaxBatch)
        {
            (ready ??= []).Add(Take(MaxBatch));
        }

        if (_waiting.Count > 0 && now >= _waiting[0].Added + Window)
        {
            (ready ??= []).Add(Take(_waiting.Count));
        }

        return ready ?? (IReadOnlyList<PackedBatch<T>>)[];
    }

    /// <summary>Everything still waiting, at once (the end of a run).</summary>
    public PackedBatch<T>? Flush() => _waiting.Count == 0 ? null : Take(_waiting.Count);

    private long OldestDue(int count)
    {
        var oldest = long.MaxValue;
        for (var i = 0; i < count; i++)
        {
            oldest = Math.Min(oldest, _waiting[i].Due);
        }

        return oldest;
    }

    private PackedBatch<T> Take(int count)
    {
        var latest = long.MinValue;
        for (var i = 0; i < count; i++)
        {
            latest = Math.Max(latest, _waiting[i].Due);
        }

        var intended = Math.Min(latest, OldestDue(count) + Window);
        var items = _waiting.GetRange(0, count).Select(e => e.Item).ToArray();
        _waiting.RemoveRange(0, count);
        return new PackedBatch<T>(items, intended);
    }

    private readonly record struct Entry(T Item, long Due, long Added);
}

/// <param name="IntendedTimestamp">When the schedule says the batch should have been sent; its latency is measured from it.</param>
public sealed record PackedBatch<T>(IReadOnlyList<T> Items, long IntendedTimestamp);
