namespace RefundCluster.Domain.Tests.Refunds;

/// <summary>代客售后: an agent files for the buyer, who confirms in one click.</summary>
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
        Assert.Empty(refund.State.Deadlines);
    }

    [Fact]
    public void The_buyer_confirms_and_the_intake_automation_runs_as_a_zero_second_refund()
    {
        var refund = RefundDriver.NotShipped(20m, TestPolicies.Default, filedBy: Actor.Agent)
            .Advance(TimeSpan.FromMinutes(10)).Do(new ConfirmRefund());

        Assert.Equal(RefundStatus.Succeeded, refund.State.Status);
        Assert.True(refund.State.ZeroSecond);
        Assert.Equal(Automation.ZeroSecondRefund, refund.State.EndedByAutomation);
    }

    [Fact]
    public void Once_confirmed_a_request_over_the_cap_waits_for_the_seller()
    {
        var refund = RefundDriver.NotShipped(800m, TestPolicies.Default, filedBy: Actor.Agent).Do(new ConfirmRefund());

        Assert.Equal(RefundStatus.WaitingSellerAgree, refund.State.Status);
        Assert.Equal(refund.Now.AddHours(48), refund.State.Deadlines[DeadlineKind.SellerResponse]);
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
