using RefundCluster.Domain.Orders;

namespace RefundCluster.Contracts.Changes;

/// <summary>An order as a change shows it: status and money after the change, and its alerts (the whole view: <c>GET /v1/orders/{id}</c>).</summary>
public sealed record OrderSummary(
    string OrderId, string ShopId, OrderStatus Status, string TaobaoStatus, decimal PaidAmount, decimal RefundedAmount,
    decimal RefundableAmount, bool ShipmentDelayed, bool LogisticsStalled, bool InterceptionNeeded, int Version);
