using Microsoft.Extensions.Options;

namespace RefundCluster.Grains.Deadlines;

/// <summary>Routes deadlines to their time-bucket shard grains.</summary>
public sealed class DeadlineIndex(IGrainFactory grains, IOptions<DeadlineOptions> options)
{
    /// <param name="heldByTarget">The target stores the due time with its own state (see <see cref="DeadlineEntry.HeldByTarget"/>).</param>
    public Task Schedule(GrainId target, DateTimeOffset due, bool heldByTarget = false) =>
        Shard(target, due).Schedule([DeadlineEntry.For(target, due, heldByTarget)]);

    public Task Cancel(GrainId target, DateTimeOffset due, bool heldByTarget = false) =>
        Shard(target, due).Cancel([DeadlineEntry.For(target, due, heldByTarget)]);

    /// <summary>Schedules many at once, one call per shard.</summary>
    public Task ScheduleMany(IEnumerable<(GrainId Target, DateTimeOffset Due)> deadlines) =>
        Task.WhenAll(deadlines
            .GroupBy(d => DeadlineShardKey.For(d.Target, d.Due, options.Value))
            .Select(g => grains.GetGrain<IDeadlineShardGrain>(g.Key).Schedule([.. g.Select(d => DeadlineEntry.For(d.Target, d.Due))])));

    private IDeadlineShardGrain Shard(GrainId target, DateTimeOffset due) =>
        grains.GetGrain<IDeadlineShardGrain>(DeadlineShardKey.For(target, due, options.Value));
}
