using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RefundCluster.Grains.Cluster;

namespace RefundCluster.Grains.Metrics;

/// <summary>
/// Repairs what a silo loss cost the shop aggregators that survived it. The facts stream's memory queues and consumers
/// on the lost silo took their undelivered facts with them, for any shop; an aggregator on a live silo would only see
/// them again at its next reconciliation (<see cref="ShopMetricsOptions.ReconcileInterval"/>, 10 minutes). So when
/// the membership declares silos dead, every aggregator on this silo runs its reconciliation pass at once, a few at a
/// time. Aggregators that died with the silo rebuild from the entities when they are next activated (any fact, read
/// or live feed of their shop). The pass is the periodic one (see <see cref="ShopMetricsOptions.ReconcileInterval"/>):
/// in durable mode it finds every change the book missed in the change log; in the embedded mode it re-reads the open
/// entities only, so a lost fact about an order the book has as settled with no open refund (an after-sale request on
/// a completed order, an appeal of an ended refund) waits for a full rebuild (the aggregator's next activation, or
/// <c>POST /v1/shops/{id}/metrics/rebuild</c>).
/// </summary>
public sealed class AggregatorRecovery(
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    ShopAggregatorRegistry aggregators,
    IGrainFactory grains,
    ILogger<AggregatorRecovery> log) : BackgroundService
{
    /// <summary>Aggregators reconciling at once on this silo (each keeps its own entity reads in flight).</summary>
    private const int Concurrency = 8;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var loss in SiloLosses.Watch(membership, silo.SiloAddress, stoppingToken))
            {
                await Reconcile(loss, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task Reconcile(SiloLoss loss, CancellationToken stoppingToken)
    {
        var shops = aggregators.Shops;
        var started = Stopwatch.StartNew();
        var failed = 0;
        await Parallel.ForEachAsync(shops, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = stoppingToken }, async (shop, _) =>
        {
            try
            {
                await grains.GetGrain<IShopMetricsReconciler>(shop).Reconcile();
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever a reconciliation throws (a timeout, a cancellation of its own, a storage fault) costs that shop
                // a repair, never this service: a faulted BackgroundService would stop the silo in the middle of an incident.
                Interlocked.Increment(ref failed);
                log.LogWarning(e, "Shop {ShopId}: reconciling its metrics after a silo loss failed; its periodic reconciliation repairs it", shop);
            }
        });
        log.LogWarning("Silos {Dead} declared dead: {Count} shop aggregators on this silo reconciled in {Elapsed} ms ({Failed} failed)",
            string.Join(", ", loss.Dead), shops.Count, started.ElapsedMilliseconds, failed);
    }
}
