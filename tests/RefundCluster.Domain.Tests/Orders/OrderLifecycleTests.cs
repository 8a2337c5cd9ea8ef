namespace RefundCluster.Domain.Tests.Orders;

public sealed class OrderLifecycleTests
{
    [Fact]
    public void Paying_records_the_order_and_schedules_the_ship_promise()
    {
        var order = OrderDriver.Paid(88.50m, new OrderFlags(FreightInsurance: true));

        Assert.Equal(OrderStatus.Paid, order.State.Status);
        Assert.Equal(88.50m, order.State.PaidAmount);
        Assert.Equal(Clock.Start, order.State.PaidAt);
        Assert.True(order.State.Flags.FreightInsurance);
        Assert.Equal(88.50m, order.State.RefundableAmount);
        Assert.Equal(Clock.Start.AddHours(48), order.State.Deadlines[DeadlineKind.ShipPromise]);
        Assert.Equal(OrderPhase.NotShipped, order.State.Phase);
    }

    public static TheoryData<string, OrderLine[]> BadLines => new()
    {
        { "no lines", [] },
        { "blank sku", [new OrderLine(" ", 1, 10m)] },
        { "zero quantity", [new OrderLine("SKU-1", 0, 10m)] },
        { "negative quantity", [new OrderLine("SKU-1", -2, 10m)] },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void Paying_without_valid_lines_is_refused(string because, OrderLine[] lines)
    {
        var decision = new OrderDriver().Try(OrderDriver.PayCommand() with { Lines = [.. lines] });

        decision.ShouldFailWith("order.lines_required");
        Assert.False(string.IsNullOrEmpty(because));
    }

    [Theory]
    [InlineData("0", "amount.not_positive")]
    [InlineData("-5", "amount.not_positive")]
    [InlineData("10.001", "amount.precision")]
    [InlineData("1000000000.01", "amount.too_large")]
    public void Paid_amount_is_validated(string amount, string code) =>
        new OrderDriver().Try(OrderDriver.PayCommand(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)))
            .ShouldFailWith(code);

    [Fact]
    public void A_negative_unit_price_is_refused() =>
        new OrderDriver().Try(OrderDriver.PayCommand() with { Lines = [new OrderLine("SKU-1", 1, -1m)] })
            .ShouldFailWith("amount.not_positive");

    [Fact]
    public void A_free_line_is_accepted() =>
        Assert.False(new OrderDriver().Try(OrderDriver.PayCommand() with { Lines = [new OrderLine("GIFT", 1, 0m)] }).IsError);

    [Fact]
    public void Paying_twice_is_refused() =>
        OrderDriver.Paid().Try(OrderDriver.PayCommand()).ShouldFailWith("order.already_paid");

    public static TheoryData<string> CommandsOnUnknownOrders => ["ship", "deliver", "complete", "reserve", "settle", "release", "expire", "tracking"];

    [Theory]
    [MemberData(nameof(CommandsOnUnknownOrders))]
    public void Any_command_but_payment_on_an_unknown_order_is_refused(string command)
    {
        OrderCommand cmd = command switch
        {
            "ship" => new ShipOrder("SF-1"),
            "deliver" => new DeliverOrder(),
            "complete" => new CompleteOrder(),
            "reserve" => new ReserveRefund("r", 1m),
            "settle" => new SettleRefund("r", 1m),
            "release" => new ReleaseRefund("r"),
            "expire" => new ExpireOrderDeadline(DeadlineKind.ShipPromise),
            _ => new UpdateLogistics(false),
        };

        new OrderDriver().Try(cmd).ShouldFailWith("order.unknown");
    }

    [Fact]
    public void An_order_goes_from_paid_to_shipped_to_delivered_to_completed()
    {
        var order = OrderDriver.Paid().Advance(TimeSpan.FromHours(3)).Do(new ShipOrder("SF-42"));
        Assert.Equal(OrderStatus.Shipped, order.State.Status);
        Assert.Equal("SF-42", order.State.TrackingNumber);
        Assert.Equal(Clock.Start.AddHours(3), order.State.ShippedAt);
        Assert.Equal(OrderPhase.InTransit, order.State.Phase);
        Assert.False(order.State.Deadlines.ContainsKey(DeadlineKind.ShipPromise));

        order.Advance(TimeSpan.FromDays(1)).Do(new DeliverOrder());
        Assert.Equal(OrderStatus.Delivered, order.State.Status);
        Assert.Equal(Clock.Start.AddHours(27), order.State.DeliveredAt);
        Assert.Equal(OrderPhase.Received, order.State.Phase);
        Assert.Equal(DeadlineKind.AutoConfirmReceipt, Assert.Single(order.State.Deadlines).Key); // the stall timer stopped

        order.Advance(TimeSpan.FromDays(7)).Do(new CompleteOrder());
        Assert.Equal(OrderStatus.Completed, order.State.Status);
        Assert.Equal(OrderPhase.Received, order.State.Phase);
        Assert.Equal(order.Events.Count, order.State.History.Count);
    }

    [Fact]
    public void Shipping_needs_a_tracking_number() =>
        OrderDriver.Paid().Try(new ShipOrder("  ")).ShouldFailWith("request.field_required");

    [Fact]
    public void Delivered_before_shipped_is_refused() =>
        OrderDriver.Paid().Try(new DeliverOrder()).ShouldFailWith("order.illegal_transition");

    [Fact]
    public void Shipped_twice_is_refused() =>
        OrderDriver.InTransit().Try(new ShipOrder("SF-2")).ShouldFailWith("order.illegal_transition");

    [Fact]
    public void Completed_before_delivery_is_refused() =>
        OrderDriver.InTransit().Try(new CompleteOrder()).ShouldFailWith("order.illegal_transition");

    [Fact]
    public void A_tracking_update_before_shipment_is_refused() =>
        OrderDriver.Paid().Try(new UpdateLogistics(true)).ShouldFailWith("order.illegal_transition");

    [Fact]
    public void A_delivered_order_cannot_be_shipped_or_paid_again()
    {
        var order = OrderDriver.Received();

        order.Try(new ShipOrder("SF-3")).ShouldFailWith("order.illegal_transition");
        order.Try(OrderDriver.PayCommand()).ShouldFailWith("order.already_paid");
        order.Try(new DeliverOrder()).ShouldFailWith("order.illegal_transition");
        Assert.Equal(OrderStatus.Delivered, order.State.Status);
    }

    [Fact]
    public void Out_for_delivery_is_tracked_and_cleared_on_delivery()
    {
        var order = OrderDriver.InTransit().Do(new UpdateLogistics(OutForDelivery: true));
        Assert.True(order.State.OutForDelivery);
        Assert.True(order.Snapshot().OutForDelivery);

        order.Do(new DeliverOrder());
        Assert.False(order.State.OutForDelivery);
    }

    [Fact]
    public void Replaying_the_events_rebuilds_the_order()
    {
        var order = OrderDriver.Paid().Do(new ReserveRefund("r", 10m)).Do(new ShipOrder("SF-1")).Do(new SettleRefund("r", 10m)).Do(new DeliverOrder());

        var replayed = OrderStateMachine.Replay(order.Events)!;

        Assert.Equal(order.State.Status, replayed.Status);
        Assert.Equal(order.State.RefundedAmount, replayed.RefundedAmount);
        Assert.Equal(order.State.SettledRefunds.ToArray(), replayed.SettledRefunds.ToArray());
        Assert.Equal(order.State.History, replayed.History);
    }
}
