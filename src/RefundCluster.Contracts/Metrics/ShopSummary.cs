namespace RefundCluster.Contracts.Metrics;

/// <summary>One shop's leaderboard line: its 24 h indicators, as its aggregator last reported them.</summary>
[GenerateSerializer, Immutable, Alias("shop.summary")]
public sealed record ShopSummary
{
    [Id(0)] public required string ShopId { get; init; }
    [Id(1)] public required DateTimeOffset AsOf { get; init; }
    [Id(2)] public long PaidOrders { get; init; }
    [Id(3)] public long Refunds { get; init; }
    [Id(4)] public double? RefundRate { get; init; }
    [Id(5)] public double? RefusalRate { get; init; }
    [Id(6)] public double? SelfCompletionRate { get; init; }
    [Id(7)] public double? DisputeRefundRate { get; init; }
    [Id(8)] public double? ZeroSecondShare { get; init; }
    [Id(9)] public double? AverageCompletionSeconds { get; init; }
}

/// <summary>What the leaderboard can be sorted by (highest first).</summary>
public enum LeaderboardSort
{
    Refunds,
    RefundRate,
    RefusalRate,
    SelfCompletionRate,
    DisputeRefundRate,
    ZeroSecondShare,
    AverageCompletionSeconds,
}

public static class LeaderboardSorts
{
    /// <summary>The value a summary is ranked by; shops without one rank last.</summary>
    public static double? KeyOf(this LeaderboardSort sort, ShopSummary s) => sort switch
    {
        LeaderboardSort.Refunds => s.Refunds,
        LeaderboardSort.RefundRate => s.RefundRate,
        LeaderboardSort.RefusalRate => s.RefusalRate,
        LeaderboardSort.SelfCompletionRate => s.SelfCompletionRate,
        LeaderboardSort.DisputeRefundRate => s.DisputeRefundRate,
        LeaderboardSort.ZeroSecondShare => s.ZeroSecondShare,
        _ => s.AverageCompletionSeconds,
    };

    public static IEnumerable<ShopSummary> Rank(this IEnumerable<ShopSummary> shops, LeaderboardSort sort) =>
        shops.OrderByDescending(s => sort.KeyOf(s) ?? double.NegativeInfinity).ThenBy(s => s.ShopId, StringComparer.Ordinal);
}
