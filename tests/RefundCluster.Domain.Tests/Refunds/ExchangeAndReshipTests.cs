namespace RefundCluster.Domain.Tests.Refunds;

/// <summary>换货 / 补发: a replacement instead of money.</summary>
public sealed class ExchangeAndReshipTests
{
    [Fact]
    public void An_exchange_goes_through_a_return_and_ends_when_the_replacement_ships()
    {
        var refund = RefundDriver.Received(RefundKind.Exchange, TestPolicies.Manual, reason: RefundReason.Size);
        Assert.Equal(RefundScenario.Exchange, refund.State.Scenario);
        Assert.Equal(0m, refund.State.RequestedAmount);

        refund.ReturnDelivered();
        Assert.Equal(RefundStatus.WaitingReplacement, refund.State.Status);
        Assert.Equal(Actor.Seller, refund.State.WaitingOn);
        Assert.False(refund.State.Deadlines.ContainsKey(DeadlineKind.RefundAfterReturnSigned));

        Assert.Equal(refund.Now.AddHours(48), refund.State.Deadlines[DeadlineKind.SellerShipReplacement]);

        refund.Do(new ShipReplacement("SF-NEW"));
        Assert.Equal(RefundStatus.WaitingBuyerReceiveReplacement, refund.State.Status);
        Assert.Equal(Actor.Buyer, refund.State.WaitingOn);
        Assert.Equal("SF-NEW", refund.State.ReplacementTrackingNumber);

        refund.Do(new ReceiveReplacement(Actor.Buyer));
        Assert.Equal(RefundStatus.Succeeded, refund.State.Status);
        Assert.Equal(RefundOutcome.Exchanged, refund.State.Outcome);
        Assert.Equal(0m, refund.State.RefundedAmount);
        Assert.Empty(refund.Events.OfType<RefundExecuted>());
        Assert.True(refund.State.Deadlines.ContainsKey(DeadlineKind.AppealWindow));
    }

    [Fact]
    public void An_exchange_booked_into_the_warehouse_before_signing_moves_on_to_the_replacement()
    {
        var refund = RefundDriver.Received(RefundKind.Exchange, TestPolicies.Manual, reason: RefundReason.WrongItem)
            .SellerApproves().BuyerShipsReturn().Do(new ReceiveIntoWarehouse());

        Assert.Equal(RefundStatus.WaitingReplacement, refund.State.Status);
        Assert.True(refund.State.WarehouseReceived);
    }

    [Fact]
    public void A_reship_is_approved_and_ends_when_the_item_is_sent_again()
    {
        var refund = RefundDriver.Received(RefundKind.Reship, TestPolicies.Manual, reason: RefundReason.MissingItems);
        Assert.Equal(RefundScenario.Reship, refund.State.Scenario);

        refund.SellerApproves();
        Assert.Equal(RefundStatus.WaitingReplacement, refund.State.Status);
        refund.Try(new ShipReplacement("")).ShouldFailWith("refund.tracking_required");

        refund.Do(new ShipReplacement("SF-AGAIN")).ExpireWhenDue(DeadlineKind.BuyerReceiveReplacement); // never confirmed: taken as received
        Assert.Equal(RefundOutcome.Reshipped, refund.State.Outcome);
        Assert.Equal(RefundStatus.Succeeded, refund.State.Status);
        Assert.Equal((Actor.System, Automation.Timeout), (refund.State.EndedBy!.Value, refund.State.EndedByAutomation));
    }

    [Fact]
    public void A_seller_who_misses_the_replacements_ship_by_time_is_flagged_and_the_buyer_may_take_money_instead()
    {
        var refund = RefundDriver.Received(RefundKind.Exchange, TestPolicies.Manual, reason: RefundReason.Size)
            .ReturnDelivered().ExpireWhenDue(DeadlineKind.SellerShipReplacement);
        Assert.True(refund.State.ReplacementOverdue);
        Assert.Equal(RefundStatus.WaitingReplacement, refund.State.Status);

        refund.Do(new ConvertExchangeToRefund(60m));

        Assert.Equal(RefundKind.ReturnAndRefund, refund.State.Kind);
        Assert.Equal(60m, refund.Payout.Amount);
        Assert.Equal(RefundStatus.Succeeded, refund.State.Status);
        Assert.Contains("exchange_converted_to_refund", refund.State.History.Select(h => h.Action));
    }

    [Fact]
    public void An_exchange_converts_to_money_only_with_the_goods_back_and_within_what_the_order_can_refund()
    {
        var early = RefundDriver.Received(RefundKind.Exchange, TestPolicies.Manual, reason: RefundReason.Size);
        early.Try(new ConvertExchangeToRefund(10m)).ShouldFailWith("refund.illegal_transition"); // the goods are still with the buyer

        var back = RefundDriver.Received(RefundKind.Exchange, TestPolicies.Manual, reason: RefundReason.Size).ReturnDelivered();
        back.Try(new ConvertExchangeToRefund(1000.01m)).ShouldFailWith("refund.amount_exceeds_refundable");
        RefundDriver.Received(RefundKind.Reship, TestPolicies.Manual, reason: RefundReason.MissingItems).SellerApproves()
            .Try(new ConvertExchangeToRefund(10m)).ShouldFailWith("refund.illegal_transition"); // a reship has nothing to give back
    }

    [Fact]
    public void A_reship_may_replace_a_parcel_stalled_in_transit()
    {
        var order = OrderDriver.InTransit(100m);
        RefundDriver.TryRequest(order, RefundKind.Reship, RefundReason.ParcelNotArriving, 0m).ShouldFailWith("refund.kind_requires_delivery");

        order.At(order.State.Deadlines[DeadlineKind.LogisticsStall]).Do(new ExpireOrderDeadline(DeadlineKind.LogisticsStall));
        var refund = RefundDriver.Request(order, RefundKind.Reship, RefundReason.ParcelNotArriving, 0m);

        Assert.Equal(RefundScenario.Reship, refund.State.Scenario);
        Assert.Equal(RefundStatus.WaitingSellerAgree, refund.State.Status);
    }

    [Fact]
    public void A_replacement_cannot_ship_before_approval() =>
        RefundDriver.Received(RefundKind.Reship, TestPolicies.Manual, reason: RefundReason.MissingItems)
            .Try(new ShipReplacement("SF-1")).ShouldFailWith("refund.illegal_transition");

    [Theory]
    [InlineData(RefundKind.Exchange)]
    [InlineData(RefundKind.Reship)]
    public void Replacement_requests_carry_no_amount(RefundKind kind) =>
        RefundDriver.TryRequest(OrderDriver.Received(), kind, RefundReason.WrongItem, 10m).ShouldFailWith("refund.amount_not_allowed");
}
