namespace RefundCluster.Domain.Tests.Orders;

public sealed class OrderTimerTests
{
    private static readonly TimeSpan ShipPromise = TimeSpan.FromHours(48);
    private static readonly TimeSpan Stall = TimeSpan.FromDays(3);

    [Fact]
    public void A_broken_ship_promise_raises_the_shipment_delay_alert()
    {
        var order = OrderDriver.Paid().Advance(ShipPromise).Do(new ExpireOrderDeadline(DeadlineKind.ShipPromise));

        Assert.True(order.State.ShipmentDelayed);
        Assert.False(order.State.LogisticsStalled);
        Assert.Equal(OrderStatus.Paid, order.State.Status);
        Assert.Empty(order.State.Deadlines);
        Assert.Equal("shipment_delayed", order.State.History[^1].Action);
    }

    [Fact]
    public void The_ship_promise_firing_early_is_a_no_op()
    {
        var order = OrderDriver.Paid().Advance(ShipPromise - TimeSpan.FromSeconds(1));

        order.Try(new ExpireOrderDeadline(DeadlineKind.ShipPromise)).ShouldBeNoOp();
        Assert.False(order.State.ShipmentDelayed);
    }

    [Fact]
    public void The_ship_promise_firing_after_shipment_is_a_no_op()
    {
        var order = OrderDriver.InTransit().Advance(ShipPromise * 2);

        order.Try(new ExpireOrderDeadline(DeadlineKind.ShipPromise)).ShouldBeNoOp();
        Assert.False(order.State.ShipmentDelayed);
    }

    [Fact]
    public void The_ship_promise_follows_the_shop_policy()
    {
        var policy = TestPolicies.Default with { Deadlines = new DeadlinePolicy { ShipPromise = TimeSpan.FromHours(24) } };

        Assert.Equal(Clock.Start.AddHours(24), OrderDriver.Paid(policy: policy).State.Deadlines[DeadlineKind.ShipPromise]);
    }

    [Fact]
    public void A_parcel_without_movement_for_three_days_raises_the_stall_alert()
    {
        var order = OrderDriver.InTransit();
        Assert.Equal(Clock.Start.Add(Stall), order.State.Deadlines[DeadlineKind.LogisticsStall]);

        order.Advance(Stall).Do(new ExpireOrderDeadline(DeadlineKind.LogisticsStall));

        Assert.True(order.State.LogisticsStalled);
        Assert.Equal("logistics_stalled", order.State.History[^1].Action);
    }

    [Fact]
    public void A_tracking_update_restarts_the_stall_timer_and_clears_the_alert()
    {
        var order = OrderDriver.InTransit().Advance(Stall).Do(new ExpireOrderDeadline(DeadlineKind.LogisticsStall));

        order.Advance(TimeSpan.FromHours(1)).Do(new UpdateLogistics(false));

        Assert.False(order.State.LogisticsStalled);
        Assert.Equal(order.Now.Add(Stall), order.State.Deadlines[DeadlineKind.LogisticsStall]);
        order.Try(new ExpireOrderDeadline(DeadlineKind.LogisticsStall)).ShouldBeNoOp();
    }

    [Fact]
    public void The_stall_timer_firing_after_delivery_is_a_no_op()
    {
        var order = OrderDriver.Received().Advance(Stall * 2);

        order.Try(new ExpireOrderDeadline(DeadlineKind.LogisticsStall)).ShouldBeNoOp();
        Assert.False(order.State.LogisticsStalled);
    }

    [Fact]
    public void A_refund_timer_kind_on_an_order_is_a_no_op() =>
        OrderDriver.Paid().Advance(TimeSpan.FromDays(400)).Try(new ExpireOrderDeadline(DeadlineKind.SellerResponse)).ShouldBeNoOp();
}
