namespace RefundCluster.Grains.Metrics;

/// <summary>A shop's aggregator as the silo sees it after a silo loss (<see cref="AggregatorRecovery"/>).</summary>
public interface IShopMetricsReconciler : IGrainWithStringKey
{
    /// <summary>Runs the reconciliation pass now: re-reads the shop's open work and whatever the book does not have as settled.</summary>
    Task Reconcile();
}
