using System.Collections.Immutable;
using System.Text.Json;
using RefundCluster.Contracts.Metrics;
using RefundCluster.Domain.Metrics;
using RefundCluster.Domain.Policies;

namespace RefundCluster.Silo.Api;

/// <summary>
/// The shop-metrics wire format: counts (refunds by SKU: the top <see cref="SkuBreakdown.TopCount"/>, most first, and
/// <c>refundsOfOtherSkus</c> for the rest; a refund counts for each SKU it covers), rates (every row of <see cref="Indicators"/>, null when its base is 0), each rate's level against its thresholds, completion times (退款完结时长) and first-answer times (退款处理时长).
/// </summary>
public sealed record ShopMetricsDocument(
    string ShopId, string Window, DateTimeOffset AsOf, long Version, long PaidOrders, long Refunds,
    IReadOnlyDictionary<string, long> RefundsByScenario, IReadOnlyDictionary<string, long> RefundsByStatus,
    IReadOnlyDictionary<string, long> RefundsByFirstReason, ImmutableArray<SkuCount> RefundsBySku, long RefundsOfOtherSkus,
    MetricCountsDocument Counts, IReadOnlyDictionary<string, double?> Rates, IReadOnlyDictionary<string, IndicatorLevel> Levels,
    IReadOnlyDictionary<string, CompletionStats> Completion, IReadOnlyDictionary<string, CompletionStats> Response);

public sealed record MetricCountsDocument(
    long Refused, long Disputes, long QualityFirstReason, long InterceptionRequests, long Intercepted, long Ended,
    long SelfCompleted, long EndedAutomatically, long ClosedByTimer, long EndedZeroSecond, long MerchantResponsible, long FlaggedRefunds);

public sealed record RiskItemDocument(string OrderId, string? RefundId, DateTimeOffset? At);

public sealed record ShopRisksDocument(
    string ShopId, DateTimeOffset AsOf, ImmutableArray<RiskItemDocument> NearSellerDeadline,
    ImmutableArray<RiskItemDocument> ReturnsSignedNotRefunded, ImmutableArray<RiskItemDocument> PastShipPromise,
    ImmutableArray<RiskItemDocument> StalledParcels, IReadOnlyDictionary<string, int> Totals);

public sealed record LeaderboardDocument(string Sort, int Top, string Window, ImmutableArray<ShopSummary> Shops);

/// <summary>One live-feed message: the window's metrics and the risk lists.</summary>
public sealed record ShopFeedDocument(ShopMetricsDocument Metrics, ShopRisksDocument Risks);

public static class MetricsDocuments
{
    /// <summary>The leaderboard's window: the aggregators report their 24 h figures.</summary>
    public const string LeaderboardWindow = "24h";

    public static IReadOnlyList<string> SortNames { get; } = [.. Enum.GetValues<LeaderboardSort>().Select(s => Snake(s.ToString()))];

    public static bool TryParseSort(string? name, out LeaderboardSort sort)
    {
        foreach (var candidate in Enum.GetValues<LeaderboardSort>())
        {
            if (Snake(candidate.ToString()) == name)
            {
                sort = candidate;
                return true;
            }
        }

        sort = default;
        return false;
    }

    /// <param name="policy">The shop's policy: its own indicator levels, if it set any, mark the rates.</param>
    public static ShopMetricsDocument ToDocument(this ShopMetricsView view, ShopPolicy? policy = null)
    {
        var m = view.Metrics;
        return new ShopMetricsDocument(
            view.ShopId, m.Window.Name(), m.AsOf, view.Version, m.PaidOrders, m.Refunds,
            AllKeys(m.RefundsByScenario), AllKeys(m.RefundsByStatus), AllKeys(m.RefundsByFirstReason), m.RefundsBySku.Top, m.RefundsBySku.Other,
            new MetricCountsDocument(
                m.Refused, m.Disputes, m.QualityFirstReason, m.InterceptionRequests, m.Intercepted, m.Ended,
                m.SelfCompleted, m.EndedAutomatically, m.ClosedByTimer, m.EndedZeroSecond, m.MerchantResponsible, m.FlaggedRefunds),
            Rates(m),
            Indicators.All.ToDictionary(i => i.Name, i => i.LevelOf(i.ValueOf(m), policy)),
            ByGroup(m.Completion), ByGroup(m.Response));
    }

    public static ShopRisksDocument ToDocument(this ShopRisks risks, string shopId)
    {
        static ImmutableArray<RiskItemDocument> Items(ImmutableArray<RiskItem> items) => [.. items.Select(i => new RiskItemDocument(i.OrderId, i.RefundId, i.At))];
        return new ShopRisksDocument(
            shopId, risks.AsOf, Items(risks.NearSellerDeadline), Items(risks.ReturnsSignedNotRefunded),
            Items(risks.PastShipPromise), Items(risks.StalledParcels), risks.Totals);
    }

    /// <summary>Every rate of the indicator table, by its wire name, in the table's order (null when its base is 0).</summary>
    public static Dictionary<string, double?> Rates(ShopMetrics metrics) => Indicators.All.ToDictionary(i => i.Name, i => i.ValueOf(metrics));

    /// <summary>Every completion group, empty ones included.</summary>
    private static Dictionary<string, CompletionStats> ByGroup(ImmutableDictionary<CompletionGroup, CompletionStats> stats) =>
        CompletionGroups.All.ToDictionary(g => Snake(g.ToString()), g => stats.GetValueOrDefault(g, CompletionStats.Empty));

    /// <summary>Every enum value appears, zeros included, so that clients need no list of their own.</summary>
    private static Dictionary<string, long> AllKeys<TEnum>(ImmutableDictionary<TEnum, long> counts)
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().ToDictionary(v => Snake(v.ToString()), v => counts.GetValueOrDefault(v));

    private static string Snake(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
