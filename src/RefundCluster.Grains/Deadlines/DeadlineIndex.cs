using Microsoft.Extensions.Options;

namespace RefundCluster.Grains.Deadlines;

/// <summary>Routes deadlines to their time-bucket shard grains.</summary>
public sealed class DeadlineIndex(IGrainFactory grains, IOptions<DeadlineOptions> options)
{
    /// <param name="heldByTarget">The target stores the due time with its own state (see <see cref="DeadlineEntry.HeldByTarget"/>).</param>
    public Task Schedule(GrainId target, DateTimeOffset due, bool heldByTarget = false)
    {
        var entry = DeadlineEntry.For(target, due, heldByTarget);
        return Shard(target, entry.Due).Schedule([entry]);
    }

    public Task Cancel(GrainId target, DateTimeOffset due, bool heldByTarget = false)
    {
        var entry = DeadlineEntry.For(target, due, heldByTarget);
        return Shard(target, entry.Due).Cancel([entry]);
    }

    /// <summary>Schedules many at once, one call per shard.</summary>
    public Task ScheduleMany(IEnumerable<(GrainId Target, DateTimeOffset Due)> deadlines) =>
        Task.WhenAll(deadlines
            .GroupBy(d => DeadlineShardKey.For(d.Target, DeadlineEntry.Normalize(d.Due), options.Value))
            .Select(g => grains.GetGrain<IDeadlineShardGrain>(g.Key).Schedule([.. g.Select(d => DeadlineEntry.For(d.Target, d.Due))])));

    /// <summary>By the entry's normalized due time, as the PostgreSQL storage files it (<c>due_shard</c>).</summary>
    private IDeadlineShardGrain Shard(GrainId target, DateTimeOffset due) =>
        grains.GetGrain<IDeadlineShardGrain>(DeadlineShardKey.For(target, due, options.Value));
}
