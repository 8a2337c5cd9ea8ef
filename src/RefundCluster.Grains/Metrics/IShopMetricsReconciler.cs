namespace RefundCluster.Grains.Metrics;

/// <summary>A shop's aggregator as the silo sees it after a silo loss (<see cref="AggregatorRecovery"/>).</summary>
public interface IShopMetricsReconciler : IGrainWithStringKey
{
    /// <summary>Runs the reconciliation pass now (see <see cref="ShopMetricsGrain"/>'s <c>Load</c>): re-reads what the book may have missed.</summary>
    Task<RefundCluster.Contracts.Metrics.ShopRebuildResult> Reconcile();
}
