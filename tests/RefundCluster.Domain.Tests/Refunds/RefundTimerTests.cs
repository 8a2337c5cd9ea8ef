namespace RefundCluster.Domain.Tests.Refunds;

/// <summary>Every platform timer: its expiry effect, early firing, firing after the state moved on, visibility on the state.</summary>
public sealed class RefundTimerTests
{
    private static readonly ShopPolicy Manual = TestPolicies.Manual;

    private static RefundDriver Received(RefundKind kind) => RefundDriver.Received(kind, Manual, 100m, RefundReason.QualityDefect);

    [Fact]
    public void Pending_deadlines_are_visible_on_the_state()
    {
        var refund = Received(RefundKind.ReturnAndRefund);

        Assert.Equal(Clock.Start.AddHours(48), refund.State.Deadlines[DeadlineKind.SellerResponse]);
        Assert.Equal(Clock.Start.AddHours(48), refund.State.NextDeadline);
        Assert.Contains(refund.State.History, h => h.Action == "deadline_scheduled" && h.Detail!.StartsWith("SellerResponse", StringComparison.Ordinal));
    }

    [Fact]
    public void Deadlines_follow_the_shop_policy()
    {
        var policy = Manual with { Deadlines = new DeadlinePolicy { SellerResponse = TimeSpan.FromHours(2) } };

        Assert.Equal(Clock.Start.AddHours(2), RefundDriver.NotShipped(500m, policy).State.NextDeadline);
    }

    [Theory]
    [InlineData(RefundKind.RefundOnly, RefundStatus.Succeeded)]
    [InlineData(RefundKind.ReturnAndRefund, RefundStatus.WaitingBuyerReturn)]
    [InlineData(RefundKind.Exchange, RefundStatus.WaitingBuyerReturn)]
    [InlineData(RefundKind.Reship, RefundStatus.WaitingReplacement)]
    public void Seller_silence_is_taken_as_approval(RefundKind kind, RefundStatus expected)
    {
        var refund = Received(kind).ExpireWhenDue(DeadlineKind.SellerResponse);

        Assert.Equal(expected, refund.State.Status);
        Assert.False(refund.State.Deadlines.ContainsKey(DeadlineKind.SellerResponse));
        Assert.Contains(refund.LastEvents, e => e is RefundDeadlineExpired { Kind: DeadlineKind.SellerResponse });
    }

    [Fact]
    public void A_return_not_shipped_in_time_closes_the_refund()
    {
        var refund = Received(RefundKind.ReturnAndRefund).SellerApproves().ExpireWhenDue(DeadlineKind.BuyerShipReturn);

        refund.State.ShouldBeClosed(RefundOutcome.ClosedByTimeout, Actor.System);
    }

    [Fact]
    public void A_seller_who_never_confirms_receipt_is_overruled_by_an_automatic_refund()
    {
        var refund = Received(RefundKind.ReturnAndRefund).SellerApproves().BuyerShipsReturn().ExpireWhenDue(DeadlineKind.SellerConfirmReceipt);

        refund.State.ShouldBeAutoRefunded(Automation.Timeout);
        Assert.Equal(100m, refund.State.RefundedAmount);
    }

    [Fact]
    public void A_signed_return_is_refunded_automatically_48_hours_later()
    {
        var refund = Received(RefundKind.ReturnAndRefund).ReturnDelivered();
        var signedAt = refund.Now;

        refund.ExpireWhenDue(DeadlineKind.RefundAfterReturnSigned);

        Assert.Equal(signedAt.AddHours(48), refund.State.EndedAt);
        refund.State.ShouldBeAutoRefunded(Automation.Timeout);
    }

    [Fact]
    public void An_exchange_whose_receipt_is_never_confirmed_moves_on_to_the_replacement() =>
        Assert.Equal(RefundStatus.WaitingReplacement,
            Received(RefundKind.Exchange).SellerApproves().BuyerShipsReturn().ExpireWhenDue(DeadlineKind.SellerConfirmReceipt).State.Status);

    [Fact]
    public void A_refusal_the_buyer_does_not_escalate_closes_the_refund()
    {
        var refund = Received(RefundKind.RefundOnly).SellerRefuses().ExpireWhenDue(DeadlineKind.BuyerEscalation);

        refund.State.ShouldBeClosed(RefundOutcome.ClosedByTimeout, Actor.System);
    }

    [Fact]
    public void An_overdue_judgment_raises_a_flag_and_the_judgment_clears_it()
    {
        var refund = Received(RefundKind.RefundOnly).BuyerEscalates().ExpireWhenDue(DeadlineKind.PlatformJudgment);

        Assert.True(refund.State.JudgmentOverdue);
        Assert.Equal(RefundStatus.PlatformReview, refund.State.Status);
        Assert.Empty(refund.State.Deadlines);

        refund.Do(new Judge(JudgmentWinner.Seller, false, null));
        Assert.False(refund.State.JudgmentOverdue);
    }

    [Fact]
    public void The_appeal_window_timer_closes_the_window_without_touching_the_outcome()
    {
        var refund = Received(RefundKind.RefundOnly).SellerApproves();
        var ended = refund.State;

        refund.ExpireWhenDue(DeadlineKind.AppealWindow);

        Assert.True(refund.State.AppealWindowClosed);
        Assert.Equal(ended.EndedAt!.Value.AddDays(30), refund.Now);
        Assert.Equal(ended.Status, refund.State.Status);
        Assert.Equal(ended.RefundedAmount, refund.State.RefundedAmount);
        Assert.Empty(refund.State.Deadlines);
    }

    [Theory]
    [InlineData(DeadlineKind.SellerResponse)]
    [InlineData(DeadlineKind.BuyerShipReturn)]
    [InlineData(DeadlineKind.AppealWindow)]
    public void A_timer_firing_before_it_is_due_is_a_no_op(DeadlineKind kind)
    {
        var refund = Received(RefundKind.ReturnAndRefund);
        if (kind == DeadlineKind.BuyerShipReturn)
        {
            refund.SellerApproves();
        }
        else if (kind == DeadlineKind.AppealWindow)
        {
            refund.Do(new CancelRefund());
        }

        var before = refund.State;
        refund.Advance(before.Deadlines[kind] - refund.Now - TimeSpan.FromSeconds(1));

        refund.TryExpire(kind).ShouldBeNoOp();
        Assert.Same(before, refund.State);
    }

    [Fact]
    public void A_seller_response_timer_firing_after_approval_is_a_no_op()
    {
        var refund = Received(RefundKind.RefundOnly);
        var due = refund.State.Deadlines[DeadlineKind.SellerResponse];
        refund.SellerApproves().Advance(due - refund.Now);

        refund.TryExpire(DeadlineKind.SellerResponse).ShouldBeNoOp();
        Assert.Single(refund.Events.OfType<RefundExecuted>());
        Assert.Equal(Actor.Seller, refund.State.EndedBy);
    }

    [Fact]
    public void An_escalation_timer_firing_after_the_buyer_modified_the_request_is_a_no_op()
    {
        var refund = Received(RefundKind.RefundOnly).SellerRefuses();
        var due = refund.State.Deadlines[DeadlineKind.BuyerEscalation];
        refund.Do(new ModifyRefund(50m, null)).Advance(due - refund.Now);

        refund.TryExpire(DeadlineKind.BuyerEscalation).ShouldBeNoOp();
        Assert.Equal(RefundStatus.WaitingSellerAgree, refund.State.Status);
    }

    [Fact]
    public void A_timer_fires_only_once()
    {
        var refund = Received(RefundKind.RefundOnly).ExpireWhenDue(DeadlineKind.SellerResponse);

        refund.TryExpire(DeadlineKind.SellerResponse).ShouldBeNoOp();
        Assert.Single(refund.Events.OfType<RefundExecuted>());
    }

    [Fact]
    public void A_late_seller_answer_after_the_timer_won_gets_a_clear_answer()
    {
        var refund = Received(RefundKind.RefundOnly).ExpireWhenDue(DeadlineKind.SellerResponse);

        refund.Try(new RefuseRefund("too late")).ShouldFailWith("refund.already_finished");
    }

    [Fact]
    public void A_timer_firing_long_after_its_due_time_still_acts_once() =>
        Assert.Equal(RefundStatus.Succeeded,
            Received(RefundKind.RefundOnly).Advance(TimeSpan.FromDays(9)).Do(new ExpireRefundDeadline(DeadlineKind.SellerResponse)).State.Status);
}
