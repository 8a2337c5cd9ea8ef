using Orleans.Concurrency;

namespace RefundCluster.Grains.Deadlines;

/// <summary>One time bucket's shard of the deadline index (key from <see cref="DeadlineShardKey"/>).</summary>
public interface IDeadlineShardGrain : IGrainWithStringKey
{
    /// <summary>Returns once the entries are durable. The list is not copied (a copy per call was a reflective codec lookup): callers hand over a list they no longer touch.</summary>
    Task Schedule([Immutable] IReadOnlyList<DeadlineEntry> entries);

    /// <summary>One-way: a cancellation that is lost only costs the target a wake-up it ignores.</summary>
    [OneWay]
    Task Cancel([Immutable] IReadOnlyList<DeadlineEntry> entries);

    Task<int> PendingCount();

    /// <summary>Activates the shard (which fires whatever is overdue) and makes sure its reminder exists.</summary>
    Task Poke();
}
