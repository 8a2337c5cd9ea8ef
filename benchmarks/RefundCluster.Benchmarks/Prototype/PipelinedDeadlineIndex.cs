using RefundCluster.Grains.Deadlines;

namespace RefundCluster.Benchmarks.Prototype;

/// <summary><see cref="DeadlineIndex.ScheduleMany"/>, unchanged, routed to <see cref="PipelinedDeadlineShardGrain"/>.</summary>
public static class PipelinedDeadlineIndex
{
    public static Task ScheduleMany(IGrainFactory grains, DeadlineOptions options, IEnumerable<(GrainId Target, DateTimeOffset Due)> deadlines) =>
        Task.WhenAll(deadlines
            .GroupBy(d => DeadlineShardKey.For(d.Target, d.Due, options))
            .Select(g => grains.GetGrain<IPipelinedDeadlineShardGrain>(g.Key).Schedule([.. g.Select(d => DeadlineEntry.For(d.Target, d.Due))])));
}
