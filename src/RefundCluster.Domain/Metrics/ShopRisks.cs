using System.Collections.Immutable;

namespace RefundCluster.Domain.Metrics;

/// <summary>A refund or order on a risk list, with the moment that put it there.</summary>
public sealed record RiskItem(string OrderId, string? RefundId, DateTimeOffset? At);

/// <summary>The shop's four risk lists, most urgent first, each cut at <see cref="RiskThresholds.Limit"/> (totals are uncut).</summary>
public sealed record ShopRisks
{
    public required DateTimeOffset AsOf { get; init; }
    /// <summary>Refunds within the threshold (1 h) of their seller-response deadline.</summary>
    public ImmutableArray<RiskItem> NearSellerDeadline { get; init; } = [];
    /// <summary>Returns signed more than 48 h ago and still not refunded.</summary>
    public ImmutableArray<RiskItem> ReturnsSignedNotRefunded { get; init; } = [];
    public ImmutableArray<RiskItem> PastShipPromise { get; init; } = [];
    /// <summary>Parcels without a tracking update for 3 days.</summary>
    public ImmutableArray<RiskItem> StalledParcels { get; init; } = [];
    public ImmutableDictionary<string, int> Totals { get; init; } = ImmutableDictionary<string, int>.Empty;
}

public sealed record RiskThresholds
{
    public static RiskThresholds Default { get; } = new();

    public TimeSpan SellerDeadlineWithin { get; init; } = TimeSpan.FromHours(1);
    public TimeSpan ReturnSignedFor { get; init; } = TimeSpan.FromHours(48);
    public TimeSpan StalledFor { get; init; } = TimeSpan.FromDays(3);
    public int Limit { get; init; } = 100;
}

public static class ShopRiskCalculator
{
    public static ShopRisks Compute(IEnumerable<RefundFact> refunds, IEnumerable<OrderFact> orders, DateTimeOffset now, RiskThresholds? thresholds = null)
    {
        thresholds ??= RiskThresholds.Default;
        var open = refunds.Where(r => !r.IsTerminal).ToList();
        var near = open
            .Where(r => r.SellerResponseDue is { } due && due - now <= thresholds.SellerDeadlineWithin)
            .Select(r => new RiskItem(r.OrderId, r.RefundId, r.SellerResponseDue)).ToList();
        var signed = open
            .Where(r => r.ReturnSignedAt is { } at && now - at >= thresholds.ReturnSignedFor)
            .Select(r => new RiskItem(r.OrderId, r.RefundId, r.ReturnSignedAt)).ToList();
        var late = orders
            .Where(o => o.Status == Orders.OrderStatus.Paid && (o.ShipmentDelayed || o.ShipBy <= now))
            .Select(o => new RiskItem(o.OrderId, null, o.ShipBy)).ToList();
        var stalled = orders
            .Where(o => o.Status == Orders.OrderStatus.Shipped && (o.LogisticsStalled || now - o.LastTrackingAt >= thresholds.StalledFor))
            .Select(o => new RiskItem(o.OrderId, null, o.LastTrackingAt)).ToList();
        ImmutableArray<RiskItem> Cut(List<RiskItem> items) => [.. items.OrderBy(i => i.At).ThenBy(i => i.RefundId ?? i.OrderId, StringComparer.Ordinal).Take(thresholds.Limit)];
        return new ShopRisks
        {
            AsOf = now,
            NearSellerDeadline = Cut(near),
            ReturnsSignedNotRefunded = Cut(signed),
            PastShipPromise = Cut(late),
            StalledParcels = Cut(stalled),
            Totals = new Dictionary<string, int>
            {
                ["nearSellerDeadline"] = near.Count, ["returnsSignedNotRefunded"] = signed.Count,
                ["pastShipPromise"] = late.Count, ["stalledParcels"] = stalled.Count,
            }.ToImmutableDictionary(),
        };
    }
}
