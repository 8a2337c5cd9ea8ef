using RefundCluster.Domain.Policies;

namespace RefundCluster.Cluster.Tests;

/// <summary>A seller approval and the seller-response timeout race for the same refund: it must end, and pay out, once.</summary>
public sealed class DeadlineRaceTests(ClusterFixture fx) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan PastDue = ShopPolicy.PlatformDefault.Deadlines.SellerResponse + TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Approval_before_the_deadline_wins_and_the_timer_does_nothing()
    {
        var (s, refundId) = await WaitingRefund(500m);

        var approved = await s.Accept(s.ApproveEvent(refundId));
        Assert.Equal("succeeded", approved.EntityStatus);

        fx.Advance(PastDue);
        await Wait.Quiet();

        var view = await s.RefundView(refundId);
        Assert.Equal(Actor.Seller, view.EndedBy);
        Assert.Equal(Automation.None, view.Automation);
        Assert.Equal(Actor.Seller, view.SinglePayout().Actor);
        Assert.False(view.HasExpired(DeadlineKind.SellerResponse));
        Assert.DoesNotContain(view.Deadlines, d => d.Kind == DeadlineKind.SellerResponse);
        await AssertSettledOnce(s, 500m);
    }

    [Fact]
    public async Task Approval_arriving_after_the_deadline_passed_finds_the_refund_already_refunded_by_timeout()
    {
        var (s, refundId) = await WaitingRefund(500m);

        fx.Advance(PastDue);
        // No waiting for the timer: the overdue deadline is applied before this late event is decided.
        var late = await s.Send(s.ApproveEvent(refundId));

        Assert.Equal(OutcomeStatus.Rejected, late.Status);
        Assert.Equal("refund.already_finished", late.Error?.Code);
        var view = await s.RefundView(refundId);
        Assert.Equal(RefundStatus.Succeeded, view.Status);
        Assert.Equal(Automation.Timeout, view.Automation);
        var payout = view.SinglePayout();
        Assert.Equal(Actor.System, payout.Actor);
        Assert.Contains(nameof(Automation.Timeout), payout.Detail);
        await AssertSettledOnce(s, 500m);
    }

    [Fact]
    public async Task Concurrent_approvals_and_clock_jumps_pay_out_exactly_once()
    {
        for (var round = 0; round < 5; round++)
        {
            var (s, refundId) = await WaitingRefund(300m + round);
            var early = Approvals(s, refundId, 2);
            var jump = Task.Run(() => fx.Advance(PastDue), TestContext.Current.CancellationToken);
            var late = Approvals(s, refundId, 2);
            await Task.WhenAll([.. early, jump, .. late]);

            var answered = await Task.WhenAll([.. early, .. late]);
            // A duplicate is a resend's replay of its own first answer (SendRetrying): an acceptance.
            Assert.All(answered, o => Assert.True(
                o.Status is OutcomeStatus.Accepted or OutcomeStatus.Duplicate || o.Error?.Code == "refund.already_finished", $"unexpected answer {o.Error}"));
            Assert.True(answered.Count(o => o.Status is OutcomeStatus.Accepted or OutcomeStatus.Duplicate) <= 1, "at most one approval can end the refund");

            var view = await s.WaitForRefund(refundId, r => r.Status == RefundStatus.Succeeded, "the race to end the refund");
            var payout = view.SinglePayout();
            Assert.Equal(view.EndedBy, payout.Actor);
            await AssertSettledOnce(s, 300m + round);
        }
    }

    /// <summary>An order of <paramref name="amount"/> (above the 0秒退 cap) with a refund-only request waiting on the seller.</summary>
    private async Task<(Scenario Scenario, string RefundId)> WaitingRefund(decimal amount)
    {
        var s = new Scenario(fx);
        await s.Pay(amount);
        var refundId = await s.RequestRefund(amount);
        Assert.Equal(RefundStatus.WaitingSellerAgree, (await s.RefundView(refundId)).Status);
        return (s, refundId);
    }

    private static List<Task<EventOutcome>> Approvals(Scenario s, string refundId, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => SendRetrying(s, s.ApproveEvent(refundId)))];

    /// <summary>
    /// Sends again, with the same eventId, when the runtime could not bring an answer back: jumping the fake clock two
    /// days can time out an Orleans-internal call whose exception has no codec to cross silos (seen once in CI). An
    /// integrator resends so; the first answer then comes back as a duplicate.
    /// </summary>
    private static async Task<EventOutcome> SendRetrying(Scenario s, IntegratorEvent e)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await s.Send(e);
            }
            catch (Orleans.Serialization.SerializerException) when (attempt < 3)
            {
            }
        }
    }

    private static async Task AssertSettledOnce(Scenario s, decimal amount)
    {
        var order = await s.WaitForRefunded(amount);
        await Wait.Quiet(); // a second settlement, if there were one, would show up now
        order = await s.OrderView();
        Assert.Equal(amount, order.RefundedAmount);
        Assert.Single(order.History, h => h.Action == "refund_settled");
        order.AssertMoneyInvariant();
    }
}
