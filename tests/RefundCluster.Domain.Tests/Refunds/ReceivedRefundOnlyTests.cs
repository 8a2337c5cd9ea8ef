namespace RefundCluster.Domain.Tests.Refunds;

/// <summary>已收仅退: refund only after the parcel was signed (price drop, small defect).</summary>
public sealed class ReceivedRefundOnlyTests
{
    private static readonly ShopPolicy SmallAmount = TestPolicies.Manual with { SmallAmountAutoRefund = new AmountCapRule(true, 20m) };

    [Fact]
    public void A_small_price_drop_refund_is_automatic()
    {
        var refund = RefundDriver.Received(RefundKind.RefundOnly, SmallAmount, 12.5m, RefundReason.PriceDrop);

        Assert.Equal(RefundScenario.ReceivedRefundOnly, refund.State.Scenario);
        refund.State.ShouldBeAutoRefunded(Automation.SmallAmount);
        Assert.Equal(12.5m, refund.State.RefundedAmount);
    }

    [Fact]
    public void A_larger_partial_refund_waits_for_the_seller_who_approves_it()
    {
        var refund = RefundDriver.Received(RefundKind.RefundOnly, SmallAmount, 35m, RefundReason.QualityDefect);
        Assert.Equal(RefundStatus.WaitingSellerAgree, refund.State.Status);

        refund.SellerApproves(null);

        Assert.Equal(35m, refund.State.RefundedAmount);
        Assert.Equal(RefundOutcome.Refunded, refund.State.Outcome);
        Assert.Null(refund.State.ReturnAddress);
    }

    [Fact]
    public void The_seller_may_refuse_a_received_refund()
    {
        var refund = RefundDriver.Received(RefundKind.RefundOnly, TestPolicies.Manual, 35m, RefundReason.Disliked).SellerRefuses();

        Assert.Equal(RefundStatus.SellerRefused, refund.State.Status);
        Assert.Equal(Actor.Buyer, refund.State.WaitingOn);
        Assert.Equal("SELLER_REFUSE_BUYER", refund.State.TaobaoStatus);
        Assert.Equal(refund.Now.AddDays(7), refund.State.Deadlines[DeadlineKind.BuyerEscalation]);
    }
}
