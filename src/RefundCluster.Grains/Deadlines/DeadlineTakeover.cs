using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RefundCluster.Grains.Cluster;

namespace RefundCluster.Grains.Deadlines;

/// <summary>
/// Moves the deadline shards of a lost silo at once. When the membership declares silos dead, the first active silo
/// (<see cref="SiloLoss.IsLead"/>) pokes every shard holding an entry due before the next reminder tick could come
/// (the bucket width, the reminder lead and one reminder period ahead): each activates on a live silo, loads its entries
/// and fires what is overdue. Without it a shard whose silo died waited for its reminder's next tick on the silo that
/// took over its range (up to <see cref="DeadlineOptions.ReminderPeriod"/>) or for the sweeper
/// (<see cref="DeadlineOptions.SweepGrace"/> + <see cref="DeadlineOptions.SweepInterval"/>). A poke of a live shard
/// costs one read of its entries.
/// </summary>
public sealed class DeadlineTakeover(
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    IDeadlineStore store,
    IGrainFactory grains,
    IOptions<DeadlineOptions> options,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider grainClock,
    ILogger<DeadlineTakeover> log) : BackgroundService
{
    private const int MaxShards = 1000;
    private const int PokeAttempts = 5;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var loss in SiloLosses.Watch(membership, silo.SiloAddress, stoppingToken))
            {
                if (loss.IsLead(silo.SiloAddress))
                {
                    await TakeOver(loss, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TakeOver(SiloLoss loss, CancellationToken stoppingToken)
    {
        var o = options.Value;
        // Reminder periods are real time; the grains' clock may run faster (the demo time scale).
        var horizon = grainClock.GetUtcNow() + o.BucketWidth + o.ReminderLead + o.ReminderPeriod * o.TimeScale;
        IReadOnlyList<string> shards;
        try
        {
            shards = await store.ShardsDueBefore(horizon, MaxShards);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Finding the deadline shards to move after the loss of {Dead} failed; their reminders or the sweeper bring them back", string.Join(", ", loss.Dead));
            return;
        }

        log.LogWarning("Silos {Dead} declared dead: poking {Count} deadline shards due before {Horizon} so that they resume on live silos{More}",
            string.Join(", ", loss.Dead), shards.Count, horizon, shards.Count >= MaxShards ? $" (the first {MaxShards}: the rest wait for their reminders or the sweeper)" : "");
        // A poke can fail while other lost silos are not declared dead yet (their directory partitions); those shards are
        // tried again a few times, then left to their reminders and the sweeper.
        for (var attempt = 1; shards.Count > 0; attempt++)
        {
            var failed = (await Task.WhenAll(shards.Select(async shard =>
            {
                try
                {
                    await grains.GetGrain<IDeadlineShardGrain>(shard).Poke();
                    return null;
                }
                catch (Exception e)
                {
                    if (attempt == PokeAttempts)
                    {
                        log.LogWarning(e, "Poking deadline shard {Shard} after a silo loss failed; its reminder or the sweeper brings it back", shard);
                    }

                    return shard;
                }
            }))).OfType<string>().ToList();
            if (failed.Count == 0 || attempt == PokeAttempts)
            {
                return;
            }

            shards = failed;
            await Task.Delay(RetryDelay, stoppingToken);
        }
    }
}
