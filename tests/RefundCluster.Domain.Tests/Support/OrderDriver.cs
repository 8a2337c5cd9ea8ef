using RefundCluster.Domain.Common;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Policies;

namespace RefundCluster.Domain.Tests.Support;

/// <summary>An order under test: its state, a controllable clock and every event it accepted.</summary>
public sealed class OrderDriver(ShopPolicy? policy = null, DateTimeOffset? now = null)
    : Driver<OrderDriver, OrderState, OrderCommand, OrderEvent>(now ?? Clock.Start, policy ?? TestPolicies.Default)
{
    public const string OrderId = "o-1";

    public static PayOrder PayCommand(decimal amount = 100m, OrderFlags? flags = null, params string[] skus) =>
        new(OrderId, "shop-1", "buyer-1",
            [.. (skus.Length == 0 ? ["SKU-1"] : skus).Select(sku => new OrderLine(sku, 1, amount))],
            amount, flags ?? OrderFlags.None);

    public static OrderDriver Paid(decimal amount = 100m, OrderFlags? flags = null, ShopPolicy? policy = null, DateTimeOffset? at = null, params string[] skus) =>
        new OrderDriver(policy, at).Do(PayCommand(amount, flags, skus));

    public static OrderDriver InTransit(decimal amount = 100m, OrderFlags? flags = null, ShopPolicy? policy = null, DateTimeOffset? at = null) =>
        Paid(amount, flags, policy, at).Do(new ShipOrder("SF-1001"));

    public static OrderDriver Received(decimal amount = 100m, OrderFlags? flags = null, ShopPolicy? policy = null, DateTimeOffset? at = null) =>
        InTransit(amount, flags, policy, at).Do(new DeliverOrder());

    public OrderSnapshot Snapshot(string refundId = RefundDriver.RefundId, string? lineId = null) => State.Snapshot(refundId, lineId);

    protected override Decision<OrderEvent> Decide(OrderState? state, OrderCommand command, DateTimeOffset now, ShopPolicy policy) =>
        OrderStateMachine.Decide(state, command, now, policy);

    protected override OrderState Apply(OrderState? state, OrderEvent e) => OrderStateMachine.Apply(state, e);
}
