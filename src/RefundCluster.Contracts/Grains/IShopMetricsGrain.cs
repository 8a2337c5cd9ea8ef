using Orleans.Concurrency;
using RefundCluster.Contracts.Metrics;
using RefundCluster.Domain.Metrics;

namespace RefundCluster.Contracts.Grains;

/// <summary>
/// One shop's live indicators, fed by the shop's event stream; keyed by shop id. Reads interleave with everything
/// (each is one synchronous turn over in-memory state), so they never queue behind a rebuild's entity reads.
/// </summary>
[Alias("RefundCluster.IShopMetricsGrain")]
public interface IShopMetricsGrain : IGrainWithStringKey
{
    [Alias("metrics"), AlwaysInterleave]
    ValueTask<ShopMetricsView> GetMetrics(MetricWindow window);

    /// <summary>The shop's figures per hour or per day for the steps starting in [from, to) (see <c>ShopMetricsBook.Series</c>).</summary>
    [Alias("series"), AlwaysInterleave]
    ValueTask<IReadOnlyList<ShopMetrics>> GetSeries(SeriesInterval interval, DateTimeOffset from, DateTimeOffset to, TimeSpan dayOffset);

    [Alias("risks"), AlwaysInterleave]
    ValueTask<ShopRisks> GetRisks();

    /// <summary>Returns the version as soon as it differs from <paramref name="knownVersion"/>, or after <paramref name="maxWait"/>.</summary>
    [Alias("wait"), AlwaysInterleave]
    Task<long> WaitForChange(long knownVersion, TimeSpan maxWait, CancellationToken cancellationToken = default);

    /// <summary>Re-reads every refund and order of the shop from the grains themselves (the ground truth).</summary>
    [Alias("rebuild")]
    Task<ShopRebuildResult> Rebuild();
}
