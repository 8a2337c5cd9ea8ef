namespace RefundCluster.Domain.Tests.Orders;

public sealed class OrderReservationTests
{
    [Fact]
    public void A_reservation_holds_part_of_the_paid_amount()
    {
        var order = OrderDriver.Paid(100m).Do(new ReserveRefund("a", 30m));

        Assert.Equal(30m, order.State.ReservedAmount);
        Assert.Equal(70m, order.State.RefundableAmount);
        Assert.Equal(70m, order.State.Snapshot("b").RefundableAmount);
        Assert.Equal(100m, order.State.Snapshot("a").RefundableAmount); // a refund's own hold is refundable to it
    }

    [Fact]
    public void Reserving_more_than_the_refundable_remainder_is_refused()
    {
        var order = OrderDriver.Paid(100m).Do(new ReserveRefund("a", 60m));

        order.Try(new ReserveRefund("b", 40.01m)).ShouldFailWith("refund.amount_exceeds_refundable");
        Assert.False(order.Try(new ReserveRefund("b", 40m)).IsError);
        Assert.Equal(0m, order.State.RefundableAmount);
    }

    [Fact]
    public void A_retried_reservation_is_idempotent_and_a_changed_one_replaces_the_hold()
    {
        var order = OrderDriver.Paid(100m).Do(new ReserveRefund("a", 60m));

        order.Try(new ReserveRefund("a", 60m)).ShouldBeNoOp();
        order.Do(new ReserveRefund("a", 100m));

        Assert.Equal(100m, order.State.ReservedAmount);
    }

    [Fact]
    public void Settling_turns_the_hold_into_a_refund_and_is_idempotent()
    {
        var order = OrderDriver.InTransit(100m).Do(new ReserveRefund("a", 60m)).Do(new SettleRefund("a", 45m));

        Assert.Equal(45m, order.State.RefundedAmount);
        Assert.Equal(0m, order.State.ReservedAmount);
        Assert.Equal(55m, order.State.RefundableAmount);

        order.Try(new SettleRefund("a", 45m)).ShouldBeNoOp();
        order.Try(new SettleRefund("a", 50m)).ShouldBeNoOp();
        Assert.Equal(45m, order.State.RefundedAmount);
        order.Try(new ReserveRefund("a", 10m)).ShouldFailWith("refund.already_finished");
    }

    [Fact]
    public void Settling_above_the_refundable_amount_is_refused() =>
        OrderDriver.Paid(100m).Do(new ReserveRefund("a", 80m)).Try(new SettleRefund("b", 20.01m))
            .ShouldFailWith("refund.amount_exceeds_refundable");

    [Theory]
    [InlineData("-10", "amount.not_positive")]
    [InlineData("10.005", "amount.precision")]
    public void A_settlement_amount_is_validated(string amount, string code)
    {
        var order = OrderDriver.InTransit(100m).Do(new ReserveRefund("a", 60m)).Do(new SettleRefund("a", 60m));

        order.Try(new SettleRefund("b", decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture))).ShouldFailWith(code);
        Assert.Equal(60m, order.State.RefundedAmount);
    }

    [Fact]
    public void Releasing_frees_the_hold_and_is_idempotent()
    {
        var order = OrderDriver.Paid(100m).Do(new ReserveRefund("a", 60m)).Do(new ReleaseRefund("a"));

        Assert.Equal(100m, order.State.RefundableAmount);
        order.Try(new ReleaseRefund("a")).ShouldBeNoOp();
        order.Try(new ReleaseRefund("never-reserved")).ShouldBeNoOp();
    }

    [Fact]
    public void Full_refund_before_shipment_closes_the_order()
    {
        var order = OrderDriver.Paid(100m).Do(new ReserveRefund("a", 100m)).Do(new SettleRefund("a", 100m));

        Assert.Equal(OrderStatus.Closed, order.State.Status);
        Assert.Empty(order.State.Deadlines);
        Assert.Equal(OrderPhase.NotShipped, order.State.Phase);
        order.Try(new ReserveRefund("b", 1m)).ShouldFailWith("refund.amount_exceeds_refundable");
        order.Try(new DeliverOrder()).ShouldFailWith("order.illegal_transition"); // nothing was shipped
    }

    [Fact]
    public void Partial_refunds_that_add_up_to_the_paid_amount_close_the_order_on_the_last_settlement()
    {
        var order = OrderDriver.Paid(100m).Do(new ReserveRefund("a", 40m)).Do(new ReserveRefund("b", 60m)).Do(new SettleRefund("a", 40m));
        Assert.Equal(OrderStatus.Paid, order.State.Status);

        order.Do(new SettleRefund("b", 60m));

        Assert.Equal(OrderStatus.Closed, order.State.Status);
        Assert.Equal(100m, order.State.RefundedAmount);
    }

    [Fact]
    public void Full_refund_after_shipment_closes_the_order_too()
    {
        var order = OrderDriver.InTransit(100m).Do(new ReserveRefund("a", 100m)).Do(new SettleRefund("a", 100m));

        Assert.Equal(OrderStatus.Closed, order.State.Status);
        Assert.Equal(0m, order.State.RefundableAmount);
    }

    [Fact]
    public void A_refund_request_on_a_closed_order_is_refused()
    {
        var order = OrderDriver.Paid(100m).Do(new ReserveRefund("a", 100m)).Do(new SettleRefund("a", 100m));
        var snapshot = order.State.Snapshot("b") with { RefundableAmount = 100m };

        var decision = RefundStateMachine.Decide(null, new RequestRefund("b", RefundKind.RefundOnly, RefundReason.ChangedMind, 1m, Actor.Buyer),
            order.Now, TestPolicies.Manual, snapshot);

        decision.ShouldFailWith("order.closed");
    }
}
