using RefundCluster.Domain.Orders;

namespace RefundCluster.Domain.Metrics;

/// <summary>What the shop metrics need to know about one order, at one version (paid orders are every rate's base).</summary>
public sealed record OrderFact
{
    public required string OrderId { get; init; }
    public required int Version { get; init; }
    public required OrderStatus Status { get; init; }
    public required DateTimeOffset PaidAt { get; init; }
    public DateTimeOffset? ShipBy { get; init; }
    public bool ShipmentDelayed { get; init; }
    public DateTimeOffset? LastTrackingAt { get; init; }
    public bool LogisticsStalled { get; init; }

    /// <summary>Completed or closed: off the risk lists for good.</summary>
    public bool IsSettled => Status is OrderStatus.Completed or OrderStatus.Closed;

    public static OrderFact Of(OrderState order) => new()
    {
        OrderId = order.OrderId,
        Version = order.Version,
        Status = order.Status,
        PaidAt = order.PaidAt,
        ShipBy = order.ShipPromiseAt,
        ShipmentDelayed = order.ShipmentDelayed,
        LastTrackingAt = order.LastTrackingAt,
        LogisticsStalled = order.LogisticsStalled,
    };
}
