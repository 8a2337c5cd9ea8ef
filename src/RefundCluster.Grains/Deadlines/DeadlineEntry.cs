namespace RefundCluster.Grains.Deadlines;

/// <summary>One pending wake-up: the grain to wake (its <see cref="GrainId"/> as text) and when.</summary>
[GenerateSerializer, Immutable]
public sealed record DeadlineEntry([property: Id(0)] string Target, [property: Id(1)] DateTimeOffset Due)
{
    public static DeadlineEntry For(GrainId target, DateTimeOffset due) => new(target.ToString(), due);

    /// <summary>Earliest first; ties broken by target so that a set can hold several deadlines due at once.</summary>
    public static readonly IComparer<DeadlineEntry> ByDue = Comparer<DeadlineEntry>.Create((a, b) =>
    {
        var byDue = a.Due.CompareTo(b.Due);
        return byDue != 0 ? byDue : string.CompareOrdinal(a.Target, b.Target);
    });
}
