using RefundCluster.Domain.Metrics;
using RefundCluster.Domain.Policies;

namespace RefundCluster.Cluster.Tests;

/// <summary>Shop policies change at run time and the very next refund request is decided under the new one.</summary>
public sealed class ShopPolicyTests(ClusterFixture fx) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Raising_the_zero_second_cap_refunds_the_next_request_at_once()
    {
        var before = new Scenario(fx);
        await before.Pay(500m);
        var waitingId = await before.RequestRefund(500m);
        Assert.Equal(RefundStatus.WaitingSellerAgree, (await before.RefundView(waitingId)).Status);

        await before.SetPolicy(ShopPolicy.PlatformDefault with { ZeroSecondRefund = new AmountCapRule(true, 1000m) });
        var stored = await before.Policy.Get();
        Assert.Equal(1000m, stored.Policy.ZeroSecondRefund.Cap);
        Assert.Equal(1, stored.Version);
        Assert.Equal("tests", Assert.Single(stored.Changes).ChangedBy);

        var sameShop = new Scenario(fx, before.ShopId);
        await sameShop.Pay(500m);
        var outcome = await sameShop.Accept(sameShop.RequestEvent(Scenario.NewRefundId(), 500m));
        Assert.Equal("succeeded", outcome.EntityStatus);
        var refund = await sameShop.RefundView(outcome.RefundId!);
        Assert.True(refund.ZeroSecond);
        Assert.Equal(Automation.ZeroSecondRefund, refund.Automation);
        Assert.Equal(Actor.System, refund.SinglePayout().Actor);
        await sameShop.WaitForRefunded(500m);

        // The refund filed before the change keeps waiting on the seller.
        Assert.Equal(RefundStatus.WaitingSellerAgree, (await before.RefundView(waitingId)).Status);
    }

    [Fact]
    public async Task A_shop_that_adds_a_quality_reason_sees_its_first_quality_refund_rate_count_it()
    {
        var s = new Scenario(fx);
        await s.PayAndDeliver(100m);
        await s.RequestRefund(100m, RefundKind.ReturnAndRefund, RefundReason.Size); // 尺码不合适: no quality reason by default
        var metrics = fx.Grains.GetGrain<IShopMetricsGrain>(s.ShopId);
        var before = await Wait.Until(
            () => metrics.GetMetrics(MetricWindow.OneDay).AsTask(), m => m.Metrics.Refunds == 1 && m.Metrics.PaidOrders == 1,
            "the refund and its order counted", betweenPolls: () => fx.Advance(ClusterFixture.StreamPollStep));
        Assert.Equal(0, before.Metrics.QualityFirstReason);
        Assert.Equal(0.0, before.Metrics.FirstQualityRefundRate);

        await s.SetPolicy(ShopPolicy.PlatformDefault with { QualityReasons = ShopPolicy.PlatformDefault.QualityReasons.Add(RefundReason.Size) });

        // The very next read counts it, the refund requested before the change included; a new version tells the pollers.
        var after = await metrics.GetMetrics(MetricWindow.OneDay);
        Assert.Equal(1, after.Metrics.QualityFirstReason);
        Assert.Equal(1.0, after.Metrics.FirstQualityRefundRate);
        Assert.NotEqual(before.Version, after.Version);
        Assert.Equal(1, (await metrics.GetMetrics(MetricWindow.ThirtyDays)).Metrics.QualityFirstReason);

        // Another shop keeps the platform's list.
        var other = new Scenario(fx);
        await other.PayAndDeliver(100m);
        await other.RequestRefund(100m, RefundKind.ReturnAndRefund, RefundReason.Size);
        var otherMetrics = await Wait.Until(
            () => fx.Grains.GetGrain<IShopMetricsGrain>(other.ShopId).GetMetrics(MetricWindow.OneDay).AsTask(), m => m.Metrics.Refunds == 1,
            "the other shop's refund counted", betweenPolls: () => fx.Advance(ClusterFixture.StreamPollStep));
        Assert.Equal(0, otherMetrics.Metrics.QualityFirstReason);
    }

    [Fact]
    public async Task Invalid_policy_is_refused_and_changes_nothing()
    {
        var s = new Scenario(fx);
        var error = await s.Policy.Set(ShopPolicy.PlatformDefault with { ZeroSecondRefund = new AmountCapRule(true, -1m) }, "tests");
        Assert.Equal("policy.invalid", error?.Code);

        var zeroTimer = ShopPolicy.PlatformDefault with
        {
            Deadlines = ShopPolicy.PlatformDefault.Deadlines with { SellerResponse = TimeSpan.Zero },
        };
        Assert.Equal("policy.invalid", (await s.Policy.Set(zeroTimer, "tests"))?.Code);

        var view = await s.Policy.Get();
        Assert.Equal(0, view.Version);
        Assert.Empty(view.Changes);
        Assert.Equal(ShopPolicy.PlatformDefault.ZeroSecondRefund, view.Policy.ZeroSecondRefund);
    }
}
