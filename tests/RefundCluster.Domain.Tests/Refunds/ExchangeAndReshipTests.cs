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

        refund.Do(new ShipReplacement("SF-NEW"));
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

        refund.Do(new ShipReplacement("SF-AGAIN"));
        Assert.Equal(RefundOutcome.Reshipped, refund.State.Outcome);
        Assert.Equal(RefundStatus.Succeeded, refund.State.Status);
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
