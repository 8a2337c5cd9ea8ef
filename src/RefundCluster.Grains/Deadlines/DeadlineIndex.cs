using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RefundCluster.Contracts;

namespace RefundCluster.Grains.Deadlines;

/// <summary>
/// Routes deadlines to their time-bucket shard grains. A new deadline is told at once (the caller awaits it before
/// storing the state that needs it). A superseded one is dropped later, in one call per shard for everything this silo
/// dropped in the meantime (<see cref="CancelLater"/>): a cancellation is one-way (a lost one costs only a wake-up the
/// target ignores), so it need not hold up the answer, nor cost a grain call of its own.
/// </summary>
public sealed class DeadlineIndex(IGrainFactory grains, IOptions<DeadlineOptions> options, ILogger<DeadlineIndex> logger)
{
    /// <summary>How long dropped entries wait to share their shard's call.</summary>
    public static readonly TimeSpan CancelDelay = TimeSpan.FromMilliseconds(100);

    private readonly Lock _lock = new();
    private Dictionary<string, HashSet<DeadlineEntry>> _toCancel = new(StringComparer.Ordinal);
    private bool _flushPending;

    /// <param name="heldByTarget">The target stores the due time with its own state (see <see cref="DeadlineEntry.HeldByTarget"/>).</param>
    public Task Schedule(GrainId target, DateTimeOffset due, bool heldByTarget = false)
    {
        var entry = DeadlineEntry.For(target, due, heldByTarget);
        var shard = ShardKey(target, entry.Due);
        lock (_lock)
        {
            // Scheduled again before its cancellation went: the cancellation must not overtake it.
            if (_toCancel.TryGetValue(shard, out var pending))
            {
                pending.Remove(entry);
            }
        }

        return grains.Reference<IDeadlineShardGrain>(shard).Schedule([entry]);
    }

    /// <summary>Drops the entry within <see cref="CancelDelay"/>, together with the others of its shard; never fails.</summary>
    public void CancelLater(GrainId target, DateTimeOffset due, bool heldByTarget = false)
    {
        var entry = DeadlineEntry.For(target, due, heldByTarget);
        var shard = ShardKey(target, entry.Due);
        lock (_lock)
        {
            if (!_toCancel.TryGetValue(shard, out var pending))
            {
                _toCancel[shard] = pending = [];
            }

            pending.Add(entry);
            if (_flushPending)
            {
                return;
            }

            _flushPending = true;
        }

        _ = FlushCancellations();
    }

    /// <summary>Schedules many at once, one call per shard.</summary>
    public Task ScheduleMany(IEnumerable<(GrainId Target, DateTimeOffset Due)> deadlines) =>
        Task.WhenAll(deadlines
            .GroupBy(d => ShardKey(d.Target, DeadlineEntry.Normalize(d.Due)))
            .Select(g => grains.Reference<IDeadlineShardGrain>(g.Key).Schedule([.. g.Select(d => DeadlineEntry.For(d.Target, d.Due))])));

    private async Task FlushCancellations()
    {
        await Task.Delay(CancelDelay);
        Dictionary<string, HashSet<DeadlineEntry>> batch;
        lock (_lock)
        {
            batch = _toCancel;
            _toCancel = new(StringComparer.Ordinal);
            _flushPending = false;
        }

        await Task.WhenAll(batch.Where(b => b.Value.Count > 0).Select(async b =>
        {
            try
            {
                await grains.Reference<IDeadlineShardGrain>(b.Key).Cancel([.. b.Value]);
            }
            catch (Exception e)
            {
                // One-way: the entries left behind wake their targets once, which ignore it.
                logger.LogWarning(e, "Dropping {Count} superseded deadlines from shard {Shard} failed; they will wake their targets once", b.Value.Count, b.Key);
            }
        }));
    }

    /// <summary>By the entry's normalized due time, as the PostgreSQL storage files it (<c>due_shard</c>).</summary>
    private string ShardKey(GrainId target, DateTimeOffset due) => DeadlineShardKey.For(target, due, options.Value);
}
