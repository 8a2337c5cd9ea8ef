namespace RefundCluster.Grains.Deadlines;

/// <summary>
/// One pending wake-up: the grain to wake (its <see cref="GrainId"/> as text) and when. <see cref="HeldByTarget"/>
/// says the target stores the due time itself, with its own state (an order's or refund's <c>IndexedDue</c>), so a
/// store that can read it back from there (PostgreSQL: the entity row's <c>next_due</c>) needs no row of its own.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DeadlineEntry([property: Id(0)] string Target, [property: Id(1)] DateTimeOffset Due, [property: Id(2)] bool HeldByTarget = false)
{
    /// <summary>
    /// Due times are kept to whole microseconds in UTC, as PostgreSQL stores them: an entry loaded back from the store
    /// must equal the one that was scheduled, or cancelling and removing it would miss. Rounded up, so that a shard
    /// never fires before the real due time.
    /// </summary>
    public static DeadlineEntry For(GrainId target, DateTimeOffset due, bool heldByTarget = false) => new(target.ToString(), Normalize(due), heldByTarget);

    public static DateTimeOffset Normalize(DateTimeOffset due) =>
        new(due.UtcTicks % 10 == 0 ? due.UtcTicks : due.UtcTicks - due.UtcTicks % 10 + 10, TimeSpan.Zero);

    /// <summary>Earliest first; ties broken by target so that a set can hold several deadlines due at once.</summary>
    public static readonly IComparer<DeadlineEntry> ByDue = Comparer<DeadlineEntry>.Create((a, b) =>
    {
        var byDue = a.Due.CompareTo(b.Due);
        return byDue != 0 ? byDue : string.CompareOrdinal(a.Target, b.Target);
    });
}
