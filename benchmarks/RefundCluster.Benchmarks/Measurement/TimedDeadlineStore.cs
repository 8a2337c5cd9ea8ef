using System.Diagnostics;
using RefundCluster.Grains.Deadlines;
using RefundCluster.Performance.Measuring;

namespace RefundCluster.Benchmarks.Measurement;

/// <summary>
/// Wraps the real <see cref="IDeadlineStore"/> and times each call, so that the report shows how the shards' group
/// commit batched their writes and how long the store took. Adds a timestamp and a few interlocked adds per call.
/// </summary>
public sealed class TimedDeadlineStore(IDeadlineStore inner) : IDeadlineStore
{
    private StoreStats _stats = new();

    public IDeadlineStore Inner => inner;

    /// <summary>Returns the figures since the last call and starts new ones (one set per benchmark phase).</summary>
    public StoreStats TakeStats() => Interlocked.Exchange(ref _stats, new StoreStats());

    public async Task<IReadOnlyList<DeadlineEntry>> Load(string shard)
    {
        var stats = _stats;
        var start = Stopwatch.GetTimestamp();
        var entries = await inner.Load(shard);
        stats.Loads.RecordSince(start, entries.Count);
        return entries;
    }

    public async Task Apply(string shard, IReadOnlyList<DeadlineChange> changes)
    {
        var stats = _stats;
        var added = 0;
        foreach (var change in changes)
        {
            added += change.Added ? 1 : 0;
        }

        var inFlight = Interlocked.Increment(ref stats.InFlight);
        AtomicExtreme.Raise(ref stats.MaxInFlight, inFlight);
        var start = Stopwatch.GetTimestamp();
        try
        {
            await inner.Apply(shard, changes);
        }
        finally
        {
            Interlocked.Decrement(ref stats.InFlight);
            var kind = added == changes.Count ? stats.Inserts : added == 0 ? stats.Deletes : stats.Mixed;
            kind.RecordSince(start, changes.Count);
        }
    }

    public Task<long> Count() => inner.Count();

    public Task<IReadOnlyList<string>> ShardsDueBefore(DateTimeOffset before, int max) => inner.ShardsDueBefore(before, max);
}

/// <summary>Store calls of one phase, by kind of batch.</summary>
public sealed class StoreStats
{
    public LatencyHistogram Inserts { get; } = new();

    public LatencyHistogram Deletes { get; } = new();

    public LatencyHistogram Mixed { get; } = new();

    public LatencyHistogram Loads { get; } = new();

    public long InFlight;

    public long MaxInFlight;
}
