using RefundCluster.Domain.Policies;

namespace RefundCluster.Cluster.Tests;

/// <summary>A return that the buyer never ships: the 7-day BuyerShipReturn timer closes it and frees the order's money.</summary>
public sealed class ReturnAndRefundTimerTests(ClusterFixture fx) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan BuyerShipReturn = ShopPolicy.PlatformDefault.Deadlines.BuyerShipReturn;

    [Fact]
    public async Task Return_never_shipped_closes_by_timeout_and_releases_the_reservation()
    {
        var s = new Scenario(fx);
        await s.PayAndDeliver(300m);
        var refundId = await s.RequestRefund(300m, RefundKind.ReturnAndRefund, RefundReason.QualityDefect);
        Assert.Equal(0m, (await s.OrderView()).RefundableAmount);

        var approvedAt = fx.Time.GetUtcNow();
        var approved = await s.Accept(s.ApproveEvent(refundId, "Hangzhou, returns desk"));
        Assert.Equal("waiting_buyer_return", approved.EntityStatus);
        var waiting = await s.RefundView(refundId);
        Assert.Equal(approvedAt + BuyerShipReturn, waiting.Deadline(DeadlineKind.BuyerShipReturn).Due);
        Assert.DoesNotContain(waiting.Deadlines, d => d.Kind == DeadlineKind.SellerResponse);

        fx.Advance(BuyerShipReturn - TimeSpan.FromHours(1));
        await Wait.Quiet();
        Assert.Equal(RefundStatus.WaitingBuyerReturn, (await s.RefundView(refundId)).Status);

        fx.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var closed = await s.WaitForRefund(refundId, r => r.Status == RefundStatus.Closed, "the buyer-ship-return timeout");
        Assert.Equal(RefundOutcome.ClosedByTimeout, closed.Outcome);
        Assert.Equal(Actor.System, closed.EndedBy);
        Assert.True(closed.HasExpired(DeadlineKind.BuyerShipReturn));
        Assert.Empty(closed.Entries(ViewExtensions.RefundExecuted));

        var order = await s.WaitForOrder(o => o.RefundableAmount == o.PaidAmount, "the reservation to be released");
        Assert.Equal(0m, order.ReservedAmount);
        Assert.Equal(0m, order.RefundedAmount);
        Assert.Single(order.History, h => h.Action == "refund_released");
    }
}
