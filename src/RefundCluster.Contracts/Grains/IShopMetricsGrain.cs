using Orleans.Concurrency;
using RefundCluster.Contracts.Metrics;
using RefundCluster.Domain.Metrics;

namespace RefundCluster.Contracts.Grains;

/// <summary>One shop's live indicators, fed by the shop's event stream; keyed by shop id.</summary>
[Alias("RefundCluster.IShopMetricsGrain")]
public interface IShopMetricsGrain : IGrainWithStringKey
{
    [Alias("metrics")]
    ValueTask<ShopMetricsView> GetMetrics(MetricWindow window);

    [Alias("risks")]
    ValueTask<ShopRisks> GetRisks();

    /// <summary>Returns the version as soon as it differs from <paramref name="knownVersion"/>, or after <paramref name="maxWait"/>.</summary>
    [Alias("wait"), AlwaysInterleave]
    Task<long> WaitForChange(long knownVersion, TimeSpan maxWait);

    /// <summary>Re-reads every refund and order of the shop from the grains themselves (the ground truth).</summary>
    [Alias("rebuild")]
    Task<ShopRebuildResult> Rebuild();

    [Alias("status")]
    ValueTask<ShopAggregatorStatus> GetStatus();
}
