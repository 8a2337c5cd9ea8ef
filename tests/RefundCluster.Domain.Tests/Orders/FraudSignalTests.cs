using RefundCluster.Domain.Metrics;

namespace RefundCluster.Domain.Tests.Orders;

/// <summary>The malicious-refund patterns of seed 002 (云标签) that the facts show: recorded on the refund, counted per shop.</summary>
public sealed class FraudSignalTests
{
    private static readonly DateTimeOffset Now = Clock.Start;

    private static OrderAggregate Fold(OrderAggregate? state, Decision<DomainEvent> decision)
    {
        Assert.False(decision.IsError, decision.Error?.ToString());
        return decision.Events.Aggregate(state, OrderAggregateMachine.Apply)!;
    }

    private static OrderAggregate Apply(OrderAggregate order, string refundId, RefundCommand command) =>
        Fold(order, OrderAggregateMachine.Decide(order, refundId, command, Now, TestPolicies.Manual));

    private static OrderAggregate Apply(OrderAggregate order, OrderCommand command) =>
        Fold(order, OrderAggregateMachine.Decide(order, command, Now, TestPolicies.Manual));

    private static OrderAggregate Paid() => Fold(null, OrderAggregateMachine.Decide(null, OrderDriver.PayCommand(300m), Now, TestPolicies.Manual));

    [Fact]
    public void Two_refunds_returned_under_one_tracking_number_are_flagged_but_accepted()
    {
        var order = Apply(Apply(Paid(), new ShipOrder("SF-OUT")), new DeliverOrder());
        foreach (var id in new[] { "a", "b" })
        {
            order = Apply(order, id, new RequestRefund(id, RefundKind.ReturnAndRefund, RefundReason.Disliked, 50m, Actor.Buyer));
            order = Apply(order, id, new ApproveRefund(null));
            order = Apply(order, id, new ShipReturn("YT-ONE"));
        }

        Assert.Empty(order.Refund("a")!.FraudSignals);
        Assert.Equal([FraudSignal.SharedReturnTracking], order.Refund("b")!.FraudSignals);
        Assert.Equal(RefundStatus.WaitingSellerConfirmGoods, order.Refund("b")!.Status);
        Assert.True(RefundFact.Of(order.Refund("b")!).Flagged);
    }

    [Fact]
    public void A_never_arrived_refund_still_open_when_the_parcel_is_signed_for_is_flagged()
    {
        var order = Apply(Paid(), new ShipOrder("SF-OUT"));
        order = Apply(order, "a", new RequestRefund("a", RefundKind.RefundOnly, RefundReason.ParcelNotArriving, 50m, Actor.Buyer));
        order = Apply(order, "b", new RequestRefund("b", RefundKind.RefundOnly, RefundReason.ChangedMind, 50m, Actor.Buyer));

        var delivered = OrderAggregateMachine.Decide(order, new DeliverOrder(), Now, TestPolicies.Manual);
        order = Fold(order, delivered);

        Assert.Equal([FraudSignal.ClaimedNotReceivedButDelivered], order.Refund("a")!.FraudSignals);
        Assert.Empty(order.Refund("b")!.FraudSignals);
        Assert.Equal(OrderStatus.Delivered, order.Order.Status);
    }

    [Fact]
    public void The_third_modification_is_flagged_once()
    {
        var refund = RefundDriver.Received(RefundKind.RefundOnly, TestPolicies.Manual, 100m);
        refund.Do(new ModifyRefund(90m, null)).Do(new ModifyRefund(80m, null));
        Assert.Empty(refund.State.FraudSignals);

        refund.Do(new ModifyRefund(70m, null)).Do(new ModifyRefund(60m, null));

        Assert.Equal([FraudSignal.RepeatedModification], refund.State.FraudSignals);
        Assert.Single(refund.Events.OfType<FraudSignalRaised>());
    }

    [Fact]
    public void Flagged_refunds_are_counted_per_shop()
    {
        var refund = RefundDriver.Received(RefundKind.RefundOnly, TestPolicies.Manual, 100m)
            .Do(new ModifyRefund(90m, null)).Do(new ModifyRefund(80m, null)).Do(new ModifyRefund(70m, null));

        var metrics = ShopMetricsCalculator.Compute([RefundFact.Of(refund.State)], [], MetricWindow.OneHour, refund.Now);

        Assert.Equal(1, metrics.FlaggedRefunds);
    }
}
