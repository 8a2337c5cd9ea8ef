namespace RefundCluster.Domain.Tests.Orders;

/// <summary>
/// The trade after refunds: a full refund closes it at any stage (TRADE_CLOSED) and stops its logistics timers; a
/// parcel that moves afterwards is recorded (and flagged for interception), never refused; a delivered trade
/// completes by itself after the auto-confirm period unless a refund still holds money.
/// </summary>
public sealed class TradeAfterRefundTests
{
    private static OrderDriver FullyRefunded(OrderDriver order) =>
        order.Do(new ReserveRefund("a", order.State.PaidAmount)).Do(new SettleRefund("a", order.State.PaidAmount));

    [Fact]
    public void A_full_refund_in_transit_closes_the_trade_and_stops_the_stall_timer()
    {
        var order = OrderDriver.InTransit(100m);
        Assert.True(order.State.Deadlines.ContainsKey(DeadlineKind.LogisticsStall));

        FullyRefunded(order);

        Assert.Equal(OrderStatus.Closed, order.State.Status);
        Assert.Equal("TRADE_CLOSED", order.State.TaobaoStatus);
        Assert.Empty(order.State.Deadlines);
    }

    [Fact]
    public void A_parcel_of_a_closed_trade_is_still_followed_and_its_delivery_recorded()
    {
        var order = FullyRefunded(OrderDriver.InTransit(100m));

        order.Advance(TimeSpan.FromHours(5)).Do(new UpdateLogistics(OutForDelivery: true)).Advance(TimeSpan.FromHours(1)).Do(new DeliverOrder());

        Assert.Equal(OrderStatus.Closed, order.State.Status);
        Assert.Equal(order.Now, order.State.DeliveredAt);
        Assert.Empty(order.State.Deadlines); // no stall alert, no auto-confirm for a closed trade
    }

    [Fact]
    public void A_full_refund_after_delivery_closes_the_trade_too()
    {
        var order = FullyRefunded(OrderDriver.Received(100m));

        Assert.Equal(OrderStatus.Closed, order.State.Status);
        Assert.DoesNotContain(DeadlineKind.AutoConfirmReceipt, order.State.Deadlines.Keys);
    }

    [Fact]
    public void A_partial_refund_leaves_the_trade_open()
    {
        var order = OrderDriver.InTransit(100m).Do(new ReserveRefund("a", 40m)).Do(new SettleRefund("a", 40m));

        Assert.Equal(OrderStatus.Shipped, order.State.Status);
        Assert.Equal("WAIT_BUYER_CONFIRM_GOODS", order.State.TaobaoStatus);
    }

    [Fact]
    public void Goods_that_left_before_a_zero_second_refund_was_recorded_are_recorded_and_flagged_for_interception()
    {
        var order = FullyRefunded(OrderDriver.Paid(100m)).Advance(TimeSpan.FromMinutes(3));

        order.Do(new ShipOrder("SF-LATE"));

        Assert.Equal(OrderStatus.Closed, order.State.Status);
        Assert.True(order.State.InterceptionNeeded);
        Assert.Equal("SF-LATE", order.State.TrackingNumber);
        Assert.IsType<ShippedAfterClose>(Assert.Single(order.LastEvents));
        order.Try(new ShipOrder("SF-AGAIN")).ShouldFailWith("order.illegal_transition");
    }

    [Fact]
    public void A_delivered_trade_completes_by_itself_after_the_auto_confirm_period()
    {
        var order = OrderDriver.Received(100m);
        Assert.Equal(order.Now.AddDays(10), order.State.Deadlines[DeadlineKind.AutoConfirmReceipt]);

        order.At(order.State.Deadlines[DeadlineKind.AutoConfirmReceipt]).Do(new ExpireOrderDeadline(DeadlineKind.AutoConfirmReceipt));

        Assert.Equal(OrderStatus.Completed, order.State.Status);
        Assert.Equal("TRADE_FINISHED", order.State.TaobaoStatus);
        Assert.Equal(Actor.System, order.Events.OfType<OrderCompleted>().Single().Actor);
    }

    [Fact]
    public void An_open_refund_postpones_the_auto_confirmation()
    {
        var order = OrderDriver.Received(100m).Do(new ReserveRefund("a", 30m));
        var due = order.State.Deadlines[DeadlineKind.AutoConfirmReceipt];

        order.At(due).Do(new ExpireOrderDeadline(DeadlineKind.AutoConfirmReceipt));

        Assert.Equal(OrderStatus.Delivered, order.State.Status);
        Assert.Equal(due.AddDays(10), order.State.Deadlines[DeadlineKind.AutoConfirmReceipt]);
    }

    [Fact]
    public void The_buyer_confirming_receipt_stops_the_auto_confirm_timer()
    {
        var order = OrderDriver.Received(100m).Do(new CompleteOrder());

        Assert.Equal(OrderStatus.Completed, order.State.Status);
        Assert.Empty(order.State.Deadlines);
        Assert.Equal(Actor.Buyer, order.Events.OfType<OrderCompleted>().Single().Actor);
    }

    [Theory]
    [InlineData(OrderStatus.Paid, "WAIT_SELLER_SEND_GOODS")]
    [InlineData(OrderStatus.Shipped, "WAIT_BUYER_CONFIRM_GOODS")]
    [InlineData(OrderStatus.Delivered, "WAIT_BUYER_CONFIRM_GOODS")]
    [InlineData(OrderStatus.Completed, "TRADE_FINISHED")]
    [InlineData(OrderStatus.Closed, "TRADE_CLOSED")]
    public void Views_carry_the_taobao_trade_status(OrderStatus status, string taobao) =>
        Assert.Equal(taobao, (OrderDriver.Paid().State with { Status = status }).TaobaoStatus);
}
