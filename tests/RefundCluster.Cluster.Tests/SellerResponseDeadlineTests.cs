using RefundCluster.Domain.Policies;

namespace RefundCluster.Cluster.Tests;

/// <summary>The 48-hour seller-response deadline, driven by the fake clock through the grain timer.</summary>
public sealed class SellerResponseDeadlineTests(ClusterFixture fx) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan SellerResponse = ShopPolicy.PlatformDefault.Deadlines.SellerResponse;

    [Fact]
    public async Task Unanswered_refund_only_request_is_refunded_by_timeout_after_48_hours()
    {
        var s = new Scenario(fx);
        await s.Pay(500m); // above the default 0秒退 cap of 200: nothing refunds it at once
        var requestedAt = fx.Time.GetUtcNow();
        var refundId = await s.RequestRefund(500m);

        var waiting = await s.RefundView(refundId);
        Assert.Equal(RefundStatus.WaitingSellerAgree, waiting.Status);
        Assert.Equal(requestedAt + SellerResponse, waiting.Deadline(DeadlineKind.SellerResponse).Due);
        Assert.Equal(500m, (await s.OrderView()).ReservedAmount);

        fx.Advance(TimeSpan.FromHours(47));
        await Wait.Quiet();
        var stillWaiting = await s.RefundView(refundId);
        Assert.Equal(RefundStatus.WaitingSellerAgree, stillWaiting.Status);
        Assert.Empty(stillWaiting.Entries(ViewExtensions.RefundExecuted));

        fx.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var refunded = await s.WaitForRefund(refundId, r => r.Status == RefundStatus.Succeeded, "the seller-response timeout");
        Assert.Equal(Automation.Timeout, refunded.Automation);
        Assert.Equal(Actor.System, refunded.EndedBy);
        Assert.Equal(RefundOutcome.Refunded, refunded.Outcome);
        Assert.Equal(500m, refunded.RefundedAmount);
        Assert.True(refunded.HasExpired(DeadlineKind.SellerResponse));
        Assert.Equal(Actor.System, refunded.SinglePayout().Actor);

        var order = await s.WaitForRefunded(500m);
        Assert.Equal(0m, order.RefundableAmount);
        order.AssertMoneyInvariant();
    }
}
