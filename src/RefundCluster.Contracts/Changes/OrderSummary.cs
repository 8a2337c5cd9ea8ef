using RefundCluster.Domain.Orders;

namespace RefundCluster.Contracts.Changes;

/// <summary>
/// An order as a change or a shop's list shows it: status and money after the change, its alerts, its next deadline,
/// when it was paid and last changed (the whole view: <c>GET /v1/orders/{id}</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("order.summary")]
public sealed record OrderSummary(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string ShopId,
    [property: Id(2)] OrderStatus Status,
    [property: Id(3)] string TaobaoStatus,
    [property: Id(4)] decimal PaidAmount,
    [property: Id(5)] decimal RefundedAmount,
    [property: Id(6)] decimal RefundableAmount,
    [property: Id(7)] bool ShipmentDelayed,
    [property: Id(8)] bool LogisticsStalled,
    [property: Id(9)] bool InterceptionNeeded,
    [property: Id(10)] int Version,
    [property: Id(11)] DateTimeOffset? NextDeadline,
    [property: Id(12)] DateTimeOffset PaidAt,
    [property: Id(13)] DateTimeOffset ModifiedAt);
