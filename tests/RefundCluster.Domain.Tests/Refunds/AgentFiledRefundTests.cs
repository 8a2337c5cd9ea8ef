namespace RefundCluster.Domain.Tests.Refunds;

/// <summary>代客售后: an agent files for the buyer; the buyer's one-click confirmation is the agreement (seed 000).</summary>
public sealed class AgentFiledRefundTests
{
    [Fact]
    public void An_agent_filed_refund_waits_for_the_buyer_even_under_the_zero_second_cap()
    {
        var refund = RefundDriver.NotShipped(20m, TestPolicies.Default, filedBy: Actor.Agent);

        Assert.Equal(RefundStatus.WaitingBuyerConfirm, refund.State.Status);
        Assert.Equal(Actor.Agent, refund.State.FiledBy);
        Assert.Equal(Actor.Buyer, refund.State.WaitingOn);
        Assert.Equal("WAIT_SELLER_AGREE", refund.State.TaobaoStatus);
        Assert.Equal(refund.Now.AddHours(24), Assert.Single(refund.State.Deadlines, d => d.Key == DeadlineKind.BuyerConfirm).Value);
    }

    [Fact]
    public void The_buyers_confirmation_is_the_agreement_and_pays_at_once_whatever_the_amount()
    {
        var refund = RefundDriver.NotShipped(800m, TestPolicies.Manual, filedBy: Actor.Agent)
            .Advance(TimeSpan.FromMinutes(10)).Do(new ConfirmRefund());

        Assert.Equal(RefundStatus.Succeeded, refund.State.Status);
        Assert.Equal(800m, refund.Payout.Amount);
        Assert.Equal(Actor.Agent, refund.State.EndedBy);
        Assert.Equal(Automation.None, refund.State.EndedByAutomation);
        Assert.False(refund.State.ZeroSecond); // confirmed ten minutes later: not a 0-second refund
        Assert.Equal(TimeSpan.FromMinutes(10), refund.State.EndedAt - refund.State.RequestedAt);
    }

    [Fact]
    public void A_confirmed_return_is_approved_at_once_with_the_shops_return_address()
    {
        var policy = TestPolicies.Manual with { ReturnAddress = "Hangzhou return centre" };
        var refund = RefundDriver.Request(OrderDriver.Received(policy: policy), RefundKind.ReturnAndRefund, RefundReason.QualityDefect, 60m, Actor.Agent)
            .Do(new ConfirmRefund());

        Assert.Equal(RefundStatus.WaitingBuyerReturn, refund.State.Status);
        Assert.Equal("Hangzhou return centre", refund.State.ReturnAddress);
        Assert.True(refund.State.Deadlines.ContainsKey(DeadlineKind.BuyerShipReturn));
    }

    [Fact]
    public void An_unconfirmed_refund_closes_when_the_buyer_never_confirms()
    {
        var refund = RefundDriver.NotShipped(800m, TestPolicies.Manual, filedBy: Actor.Agent)
            .ExpireWhenDue(DeadlineKind.BuyerConfirm);

        refund.State.ShouldBeClosed(RefundOutcome.ClosedByTimeout, Actor.System);
        refund.Try(new ConfirmRefund()).ShouldFailWith("refund.already_finished");
    }

    [Fact]
    public void The_confirmation_window_is_a_shop_policy()
    {
        var policy = TestPolicies.Manual with { Deadlines = new DeadlinePolicy { BuyerConfirm = TimeSpan.FromHours(2) } };
        var refund = RefundDriver.NotShipped(800m, policy, filedBy: Actor.Agent);

        Assert.Equal(refund.Now.AddHours(2), refund.State.Deadlines[DeadlineKind.BuyerConfirm]);
    }

    [Fact]
    public void The_seller_cannot_act_before_the_buyer_confirms()
    {
        var refund = RefundDriver.NotShipped(800m, TestPolicies.Default, filedBy: Actor.Agent);

        refund.Try(new ApproveRefund(null)).ShouldFailWith("refund.illegal_transition");
        refund.Try(new MakeOffer(new Offer(OfferKind.PartialRefund, 1m, null))).ShouldFailWith("refund.illegal_transition");
    }

    [Fact]
    public void A_buyer_filed_refund_needs_no_confirmation() =>
        RefundDriver.NotShipped(800m, TestPolicies.Default).Try(new ConfirmRefund()).ShouldFailWith("refund.illegal_transition");

    [Fact]
    public void The_buyer_may_decline_by_cancelling() =>
        Assert.Equal(RefundOutcome.CancelledByBuyer,
            RefundDriver.NotShipped(800m, TestPolicies.Default, filedBy: Actor.Agent).Do(new CancelRefund()).State.Outcome);
}
