using System.Collections.Immutable;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Policies;

namespace RefundCluster.Domain.Tests.Support;

/// <summary>An order under test: its state, a controllable clock and every event it accepted.</summary>
public sealed class OrderDriver(ShopPolicy? policy = null, DateTimeOffset? now = null)
{
    public const string OrderId = "o-1";

    public OrderState? StateOrNull { get; private set; }
    public OrderState State => StateOrNull ?? throw new InvalidOperationException("The order was never paid.");
    public DateTimeOffset Now { get; private set; } = now ?? Clock.Start;
    public ShopPolicy Policy { get; } = policy ?? TestPolicies.Default;
    public List<OrderEvent> Events { get; } = [];

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

    /// <summary>Decides at the current time and applies the events if accepted.</summary>
    public Decision<OrderEvent> Try(OrderCommand command)
    {
        var decision = OrderStateMachine.Decide(StateOrNull, command, Now, Policy);
        foreach (var e in decision.Events)
        {
            StateOrNull = OrderStateMachine.Apply(StateOrNull, e);
            Events.Add(e);
        }

        return decision;
    }

    /// <summary>Like <see cref="Try"/> but the command must be accepted.</summary>
    public OrderDriver Do(OrderCommand command)
    {
        var decision = Try(command);
        return decision.IsError ? throw new InvalidOperationException($"{command} was refused: {decision.Error}") : this;
    }

    public OrderDriver Advance(TimeSpan by)
    {
        Now += by;
        return this;
    }

    public OrderDriver At(DateTimeOffset instant)
    {
        Now = instant;
        return this;
    }

    public OrderSnapshot Snapshot(string refundId = RefundDriver.RefundId) => State.Snapshot(refundId);

    public ImmutableArray<string> Skus => [.. State.Lines.Select(l => l.Sku)];
}
