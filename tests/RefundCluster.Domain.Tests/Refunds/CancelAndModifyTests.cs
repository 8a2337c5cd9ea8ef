namespace RefundCluster.Domain.Tests.Refunds;

/// <summary>The buyer withdraws or changes the request; the first reason stays on record for 首次品退率.</summary>
public sealed class CancelAndModifyTests
{
    private static RefundDriver Waiting() =>
        RefundDriver.Received(RefundKind.RefundOnly, TestPolicies.Manual, 60m, RefundReason.QualityDefect);

    [Fact]
    public void The_buyer_cancels_and_only_the_appeal_window_remains()
    {
        var refund = Waiting().Do(new CancelRefund());

        refund.State.ShouldBeClosed(RefundOutcome.CancelledByBuyer, Actor.Buyer);
        Assert.Equal("CLOSED", refund.State.TaobaoStatus);
        Assert.Equal([DeadlineKind.AppealWindow], refund.State.Deadlines.Keys);
    }

    [Fact]
    public void The_buyer_can_cancel_a_return_on_its_way()
    {
        var refund = RefundDriver.Received(RefundKind.ReturnAndRefund, TestPolicies.Manual, 60m).SellerApproves().BuyerShipsReturn()
            .Do(new CancelRefund());

        Assert.Equal(RefundOutcome.CancelledByBuyer, refund.State.Outcome);
    }

    [Fact]
    public void Nothing_but_appeals_and_timers_reach_an_ended_refund()
    {
        var refund = Waiting().Do(new CancelRefund());

        refund.Try(new CancelRefund()).ShouldFailWith("refund.already_finished");
        refund.Try(new ApproveRefund(null)).ShouldFailWith("refund.already_finished");
        refund.Try(new ModifyRefund(10m, null)).ShouldFailWith("refund.already_finished");
    }

    [Fact]
    public void Modifying_after_a_refusal_reopens_the_request_and_keeps_the_first_reason()
    {
        var refund = Waiting().SellerRefuses().Advance(TimeSpan.FromHours(5)).Do(new ModifyRefund(40m, RefundReason.Size));

        Assert.Equal(RefundStatus.WaitingSellerAgree, refund.State.Status);
        Assert.Equal(RefundReason.QualityDefect, refund.State.FirstReason);
        Assert.Equal(RefundReason.Size, refund.State.CurrentReason);
        Assert.Equal(40m, refund.State.RequestedAmount);
        Assert.False(refund.State.Deadlines.ContainsKey(DeadlineKind.BuyerEscalation));
        Assert.Equal(refund.Now.AddHours(48), refund.State.Deadlines[DeadlineKind.SellerResponse]);

        refund.Do(new ModifyRefund(null, RefundReason.Disliked));
        Assert.Equal(RefundReason.QualityDefect, refund.State.FirstReason);
        Assert.Equal(40m, refund.State.RequestedAmount);
    }

    [Fact]
    public void Modifying_while_waiting_keeps_the_running_deadline()
    {
        var refund = Waiting();
        var due = refund.State.Deadlines[DeadlineKind.SellerResponse];

        refund.Advance(TimeSpan.FromHours(1)).Do(new ModifyRefund(30m, null));

        Assert.Equal(due, refund.State.Deadlines[DeadlineKind.SellerResponse]);
    }

    [Fact]
    public void The_amount_can_only_go_down() =>
        Waiting().Try(new ModifyRefund(60.01m, null)).ShouldFailWith("refund.amount_exceeds_requested");

    [Fact]
    public void The_new_reason_must_fit_the_order_phase() =>
        Waiting().Try(new ModifyRefund(null, RefundReason.OutOfStock)).ShouldFailWith("refund.reason_not_applicable");

    [Fact]
    public void A_return_in_progress_cannot_be_modified() =>
        RefundDriver.Received(RefundKind.ReturnAndRefund, TestPolicies.Manual, 60m).SellerApproves()
            .Try(new ModifyRefund(10m, null)).ShouldFailWith("refund.illegal_transition");

    [Fact]
    public void A_refusal_needs_a_reason() =>
        Waiting().Try(new RefuseRefund(" ")).ShouldFailWith("refund.refusal_reason_required");

    [Fact]
    public void Refusing_twice_is_answered_with_already_decided() =>
        Waiting().SellerRefuses().Try(new RefuseRefund("still no")).ShouldFailWith("refund.already_decided");
}
