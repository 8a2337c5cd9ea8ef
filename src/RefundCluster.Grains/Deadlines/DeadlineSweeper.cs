using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RefundCluster.Grains.Deadlines;

/// <summary>
/// The safety net under the shards' reminders: every <see cref="DeadlineOptions.SweepInterval"/> each silo asks the
/// index which shards hold an entry overdue by more than <see cref="DeadlineOptions.SweepGrace"/> and pokes them, so a
/// shard whose reminder was lost (a crash between two steps, a reminder tick skipped while its silo died) still fires.
/// A poke of a healthy shard is a no-op. The query uses an index on the due time.
/// </summary>
public sealed class DeadlineSweeper(
    IDeadlineStore store,
    IGrainFactory grains,
    IOptions<DeadlineOptions> options,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider grainClock,
    ILogger<DeadlineSweeper> log) : BackgroundService
{
    private const int MaxShardsPerSweep = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        using var timer = new PeriodicTimer(o.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // Grace is real time; the grains' clock may run faster (the demo time scale).
                var before = grainClock.GetUtcNow() - o.SweepGrace * o.TimeScale;
                var shards = await store.ShardsDueBefore(before, MaxShardsPerSweep);
                if (shards.Count > 0)
                {
                    log.LogInformation("Deadline sweep: poking {Count} shards with overdue entries", shards.Count);
                    await Task.WhenAll(shards.Select(shard => grains.GetGrain<IDeadlineShardGrain>(shard).Poke()));
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "Deadline sweep failed; trying again in {Interval}", o.SweepInterval);
            }
        }
    }
}
