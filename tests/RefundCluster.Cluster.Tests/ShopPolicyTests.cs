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
