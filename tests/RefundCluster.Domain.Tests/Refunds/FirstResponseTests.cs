using RefundCluster.Domain.Metrics;

namespace RefundCluster.Domain.Tests.Refunds;

/// <summary>
/// 退款处理时长 counts from the request to the seller's side's first answer (seed 000 keeps it apart from the time to
/// the end): approval, refusal, an offer, or an automatic refund for the shop.
/// </summary>
public sealed class FirstResponseTests
{
    [Fact]
    public void A_refund_waiting_for_the_seller_has_no_answer_yet()
    {
        var refund = RefundDriver.NotShipped(500m, TestPolicies.Default).Advance(TimeSpan.FromHours(3));

        Assert.Null(refund.State.FirstRespondedAt);
    }

    [Fact]
    public void The_sellers_refusal_is_the_first_answer_and_a_later_approval_does_not_move_it()
    {
        var refund = RefundDriver.NotShipped(500m, TestPolicies.Default).Advance(TimeSpan.FromHours(2)).SellerRefuses();
        var refusedAt = refund.Now;

        refund.Advance(TimeSpan.FromHours(1)).Do(new ModifyRefund(400m, null)).Advance(TimeSpan.FromHours(1)).SellerApproves(null);

        Assert.Equal(RefundStatus.Succeeded, refund.State.Status);
        Assert.Equal(refusedAt, refund.State.FirstRespondedAt);
        Assert.Equal(TimeSpan.FromHours(2), refund.State.FirstRespondedAt - refund.State.RequestedAt);
    }

    [Fact]
    public void An_offer_answers_the_request()
    {
        var refund = RefundDriver.Received(RefundKind.RefundOnly, TestPolicies.Manual).Advance(TimeSpan.FromMinutes(30))
            .SellerOffers(OfferKind.PartialRefund, 20m);

        Assert.Equal(RefundStatus.WaitingSellerAgree, refund.State.Status);
        Assert.Equal(refund.Now, refund.State.FirstRespondedAt);
    }

    [Fact]
    public void A_zero_second_refund_is_answered_at_once_and_a_silent_seller_when_the_timer_refunds()
    {
        var zero = RefundDriver.NotShipped(150m, TestPolicies.Default);
        Assert.Equal(zero.State.RequestedAt, zero.State.FirstRespondedAt);

        var silent = RefundDriver.NotShipped(500m, TestPolicies.Default).ExpireWhenDue(DeadlineKind.SellerResponse);
        Assert.Equal(silent.State.EndedAt, silent.State.FirstRespondedAt);
    }

    [Fact]
    public void A_refund_the_buyer_withdrew_before_any_answer_has_none()
    {
        var refund = RefundDriver.NotShipped(500m, TestPolicies.Default).Advance(TimeSpan.FromHours(1)).Do(new CancelRefund());

        Assert.Equal(RefundStatus.Closed, refund.State.Status);
        Assert.Null(refund.State.FirstRespondedAt);
    }

    [Fact]
    public void The_shop_metrics_count_the_answer_time_apart_from_the_completion_time()
    {
        var refund = RefundDriver.NotShipped(500m, TestPolicies.Default).Advance(TimeSpan.FromHours(2)).SellerRefuses()
            .Advance(TimeSpan.FromHours(5)).Do(new CancelRefund());

        var metrics = ShopMetricsCalculator.Compute([RefundFact.Of(refund.State)], [], MetricWindow.OneDay, refund.Now);

        Assert.Equal(2 * 3600, metrics.Response[CompletionGroup.RefundOnly].AverageSeconds);
        Assert.Equal(7 * 3600, metrics.Completion[CompletionGroup.RefundOnly].AverageSeconds);
    }
}
