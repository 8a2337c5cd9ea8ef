namespace RefundCluster.Domain.Tests.Refunds;

/// <summary>未发仅退: refund only, goods not shipped.</summary>
public sealed class NotShippedRefundOnlyTests
{
    [Fact]
    public void Under_the_zero_second_cap_the_refund_is_executed_at_once()
    {
        var refund = RefundDriver.NotShipped(150m, TestPolicies.Default);

        Assert.Equal(RefundScenario.NotShippedRefundOnly, refund.State.Scenario);
        Assert.Equal(RefundStatus.Succeeded, refund.State.Status);
        Assert.True(refund.State.ZeroSecond);
        Assert.Equal(150m, refund.State.RefundedAmount);
        Assert.Equal(RefundOutcome.Refunded, refund.State.Outcome);
        Assert.Equal(Automation.ZeroSecondRefund, refund.State.EndedByAutomation);
        Assert.Equal(Actor.System, refund.State.EndedBy);
        Assert.Equal(refund.State.RequestedAt, refund.State.EndedAt);
        Assert.Equal("r-1:payout", refund.State.PayoutKey);
        Assert.Equal("SUCCESS", refund.State.TaobaoStatus);
        Assert.Null(refund.State.WaitingOn);
        Assert.Equal([DeadlineKind.AppealWindow], refund.State.Deadlines.Keys);
    }

    [Fact]
    public void Over_the_cap_the_refund_waits_for_the_seller()
    {
        var refund = RefundDriver.NotShipped(200.01m, TestPolicies.Default);

        Assert.Equal(RefundStatus.WaitingSellerAgree, refund.State.Status);
        Assert.Equal(Actor.Seller, refund.State.WaitingOn);
        Assert.Equal("WAIT_SELLER_AGREE", refund.State.TaobaoStatus);
        Assert.Equal(refund.Now.AddHours(48), refund.State.Deadlines[DeadlineKind.SellerResponse]);
        Assert.Empty(refund.Events.OfType<RefundExecuted>());
    }

    [Fact]
    public void The_seller_approves_and_the_money_goes_back()
    {
        var refund = RefundDriver.NotShipped(500m, TestPolicies.Default).Advance(TimeSpan.FromHours(2)).SellerApproves(null);

        Assert.Equal(RefundStatus.Succeeded, refund.State.Status);
        Assert.False(refund.State.ZeroSecond);
        Assert.Equal(Actor.Seller, refund.State.EndedBy);
        Assert.Equal(Automation.None, refund.State.EndedByAutomation);
        Assert.Equal(500m, refund.Payout.Amount);
        Assert.Equal(refund.Now, refund.State.EndedAt);
    }

    [Fact]
    public void A_silent_seller_is_overruled_when_the_response_deadline_expires()
    {
        var refund = RefundDriver.NotShipped(500m, TestPolicies.Default).ExpireWhenDue(DeadlineKind.SellerResponse);

        refund.State.ShouldBeAutoRefunded(Automation.Timeout);
        Assert.False(refund.State.ZeroSecond);
        Assert.Equal(500m, refund.State.RefundedAmount);
        Assert.Equal(Clock.Start.AddHours(48), refund.State.EndedAt);
    }

    [Fact]
    public void Goods_that_left_untracked_are_intercepted_after_a_zero_second_refund_without_undoing_it()
    {
        var refund = RefundDriver.NotShipped(50m, TestPolicies.Default).Do(new RequestInterception(Actor.Seller));

        Assert.Equal(InterceptionStatus.Requested, refund.State.Interception);
        Assert.Equal(RefundStatus.Succeeded, refund.State.Status);

        refund.Do(new ReportInterception(Succeeded: true));
        Assert.Equal(InterceptionStatus.Succeeded, refund.State.Interception);
        Assert.Equal(50m, refund.State.RefundedAmount);
        Assert.Single(refund.Events.OfType<RefundExecuted>());
    }

    [Theory]
    [InlineData(RefundReason.ChangedMind)]
    [InlineData(RefundReason.OrderedByMistake)]
    [InlineData(RefundReason.OutOfStock)]
    [InlineData(RefundReason.LateShipment)]
    [InlineData(RefundReason.AgreedWithSeller)]
    public void Every_not_shipped_reason_is_accepted(RefundReason reason)
    {
        var refund = RefundDriver.Request(OrderDriver.Paid(), RefundKind.RefundOnly, reason, 10m, policy: TestPolicies.Manual);

        Assert.Equal(reason, refund.State.FirstReason);
        Assert.Equal(OrderPhase.NotShipped, refund.State.Phase);
    }

    [Fact]
    public void A_full_zero_second_refund_settles_against_the_order_and_closes_it()
    {
        var order = OrderDriver.Paid(120m);
        var refund = RefundDriver.Request(order, RefundKind.RefundOnly, RefundReason.OrderedByMistake, 120m);

        order.Do(new ReserveRefund(RefundDriver.RefundId, refund.State.RequestedAmount))
            .Do(new SettleRefund(RefundDriver.RefundId, refund.State.RefundedAmount));

        Assert.Equal(OrderStatus.Closed, order.State.Status);
    }
}
