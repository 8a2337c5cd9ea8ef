using RefundCluster.Domain.Orders;

namespace RefundCluster.Contracts.Changes;

/// <summary>
/// An order as a change or a shop's list shows it: status and money after the change, its alerts, its next deadline,
/// when it was paid and last changed (the whole view: <c>GET /v1/orders/{id}</c>).
/// </summary>
public sealed record OrderSummary(
    string OrderId, string ShopId, OrderStatus Status, string TaobaoStatus, decimal PaidAmount, decimal RefundedAmount,
    decimal RefundableAmount, bool ShipmentDelayed, bool LogisticsStalled, bool InterceptionNeeded, int Version,
    DateTimeOffset? NextDeadline, DateTimeOffset PaidAt, DateTimeOffset ModifiedAt);
