using Microsoft.Extensions.Options;

namespace RefundCluster.Grains.Deadlines;

/// <summary>Routes deadlines to their time-bucket shard grains.</summary>
public sealed class DeadlineIndex(IGrainFactory grains, IOptions<DeadlineOptions> options)
{
    public Task Schedule(GrainId target, DateTimeOffset due) =>
        Shard(target, due).Schedule([DeadlineEntry.For(target, due)]);

    public Task Cancel(GrainId target, DateTimeOffset due) =>
        Shard(target, due).Cancel([DeadlineEntry.For(target, due)]);

    /// <summary>Schedules many at once, one call per shard.</summary>
    public Task ScheduleMany(IEnumerable<(GrainId Target, DateTimeOffset Due)> deadlines) =>
        Task.WhenAll(deadlines
            .GroupBy(d => DeadlineShardKey.For(d.Target, d.Due, options.Value))
            .Select(g => grains.GetGrain<IDeadlineShardGrain>(g.Key).Schedule([.. g.Select(d => DeadlineEntry.For(d.Target, d.Due))])));

    private IDeadlineShardGrain Shard(GrainId target, DateTimeOffset due) =>
        grains.GetGrain<IDeadlineShardGrain>(DeadlineShardKey.For(target, due, options.Value));
}
