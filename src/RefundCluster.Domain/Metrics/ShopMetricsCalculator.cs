using System.Collections.Immutable;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Metrics;

/// <summary>
/// The indicators computed the plain way, by filtering every fact: the definition the incremental
/// <see cref="ShopMetricsBook"/> must agree with, and the recomputation a shop's live numbers are checked against.
/// </summary>
public static class ShopMetricsCalculator
{
    public static ShopMetrics Compute(
        IEnumerable<RefundFact> refunds, IEnumerable<OrderFact> orders, MetricWindow window, DateTimeOffset now, MetricsDefinition? definition = null)
    {
        definition ??= MetricsDefinition.Default;
        var requested = refunds.Where(r => window.Contains(r.RequestedAt, now)).ToList();
        var ended = refunds.Where(r => r.EndedAt is { } at && window.Contains(at, now)).ToList();
        var completion = ended
            .Where(r => !r.TakenUpByPlatform && CompletionGroups.Of(r.Scenario) is not null)
            .GroupBy(r => CompletionGroups.Of(r.Scenario)!.Value)
            .ToImmutableDictionary(g => g.Key, g => Stats([.. g.Select(r => r.CompletionSeconds)]));
        var response = refunds
            .Where(r => r.FirstRespondedAt is { } at && window.Contains(at, now) && CompletionGroups.Of(r.Scenario) is not null)
            .GroupBy(r => CompletionGroups.Of(r.Scenario)!.Value)
            .ToImmutableDictionary(g => g.Key, g => Stats([.. g.Select(r => r.ResponseSeconds)]));
        return new ShopMetrics
        {
            Window = window,
            AsOf = now,
            PaidOrders = orders.Count(o => window.Contains(o.PaidAt, now)),
            Refunds = requested.Count,
            RefundsByScenario = requested.GroupBy(r => r.Scenario).ToImmutableDictionary(g => g.Key, g => (long)g.Count()),
            RefundsByStatus = requested.GroupBy(r => r.Status).ToImmutableDictionary(g => g.Key, g => (long)g.Count()),
            RefundsByFirstReason = requested.GroupBy(r => r.FirstReason).ToImmutableDictionary(g => g.Key, g => (long)g.Count()),
            RefundsBySku = SkuBreakdown.Of(
                requested.SelectMany(r => r.Skus.Items).GroupBy(sku => sku, StringComparer.Ordinal)
                    .Select(g => KeyValuePair.Create(g.Key, (long)g.Count())),
                uncounted: 0),
            Refused = requested.Count(r => r.Refused),
            Disputes = refunds.Count(r => r.DisputeRaisedAt is { } at && window.Contains(at, now)),
            QualityFirstReason = requested.Count(r => definition.QualityReasons.Contains(r.FirstReason)),
            InterceptionRequests = requested.Count(r => r.Interception != InterceptionStatus.None),
            Intercepted = requested.Count(r => r.Interception == InterceptionStatus.Succeeded),
            FlaggedRefunds = requested.Count(r => r.Flagged),
            Ended = ended.Count,
            SelfCompleted = ended.Count(r => !r.TakenUpByPlatform),
            EndedAutomatically = ended.Count(r => r.Automatic),
            ClosedByTimer = ended.Count(r => r.ClosedByTimer),
            EndedZeroSecond = ended.Count(r => r.ZeroSecond),
            MerchantResponsible = ended.Count(r => r.MerchantResponsible),
            Completion = completion,
            Response = response,
        };
    }

    private static CompletionStats Stats(List<long> seconds)
    {
        seconds.Sort();
        long Percentile(double p) => DurationBins.Floor(seconds[(int)CompletionStats.NearestRank(p, seconds.Count) - 1]);
        return new CompletionStats(seconds.Count, seconds.Sum() / (double)seconds.Count, Percentile(0.5), Percentile(0.9));
    }
}
