using Orleans.Concurrency;

namespace RefundCluster.Grains.Metrics;

/// <summary>
/// Diagnostics of a shop's metrics aggregator: the same grain as <see cref="RefundCluster.Contracts.Grains.IShopMetricsGrain"/>
/// (<see cref="ShopMetricsGrain"/>, keyed by shop id), seen from inside the silo. Not part of what clients call: the
/// tests and the shop-metrics benchmark read the aggregator's state through it.
/// </summary>
[Alias("RefundCluster.IShopMetricsInspection")]
public interface IShopMetricsInspection : IGrainWithStringKey
{
    /// <summary>What the aggregator holds, how many stream messages it applied or ignored, when it last rebuilt.</summary>
    [Alias("status"), AlwaysInterleave]
    ValueTask<ShopAggregatorStatus> GetStatus();

    /// <summary>The version of a refund the metrics currently count; null if the aggregator has not seen it.</summary>
    [Alias("refund_version"), AlwaysInterleave]
    ValueTask<int?> GetRefundVersion(string refundId);
}
