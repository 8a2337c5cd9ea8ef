using RefundCluster.Domain.Orders;

namespace RefundCluster.Domain.Metrics;

/// <summary>
/// What the book keeps of a completed or closed order: its <see cref="OrderFact"/> without the id, in 40 bytes (about
/// 60 with its dictionary entry). Such an order is off the risk lists and only its payment time counts, but a later
/// after-sale refund gives it a new version, so the book must still know the one it counted.
/// </summary>
internal readonly record struct SettledOrder(
    int Version,
    OrderStatus Status,
    long PaidAtUtcTicks,
    long ShipByUtcTicks,
    long LastTrackingAtUtcTicks,
    bool ShipmentDelayed,
    bool LogisticsStalled)
{
    public static bool Fits(OrderFact fact) => fact.IsSettled;

    public static SettledOrder Of(OrderFact fact) => new(
        fact.Version, fact.Status, fact.PaidAt.UtcTicks, UtcTicks.Of(fact.ShipBy), UtcTicks.Of(fact.LastTrackingAt),
        fact.ShipmentDelayed, fact.LogisticsStalled);

    public OrderFact ToFact(string orderId) => new()
    {
        OrderId = orderId, Version = Version, Status = Status, PaidAt = new DateTimeOffset(PaidAtUtcTicks, TimeSpan.Zero),
        ShipBy = UtcTicks.ToTime(ShipByUtcTicks), ShipmentDelayed = ShipmentDelayed, LastTrackingAt = UtcTicks.ToTime(LastTrackingAtUtcTicks),
        LogisticsStalled = LogisticsStalled,
    };
}
