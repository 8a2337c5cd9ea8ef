using RefundCluster.Domain.Metrics;

namespace RefundCluster.Domain.Tests.Refunds;

/// <summary>退差价 / 价保: part of the price back after a price drop, within the protection period, the goods staying.</summary>
public sealed class PriceDifferenceTests
{
    private static Decision<RefundEvent> Claim(OrderDriver order, decimal amount, ShopPolicy? policy = null, RefundReason reason = RefundReason.PriceDrop) =>
        RefundDriver.TryRequest(order, RefundKind.PriceDifference, reason, amount, policy: policy ?? TestPolicies.Manual);

    [Theory]
    [InlineData(OrderStatus.Paid)]
    [InlineData(OrderStatus.Shipped)]
    [InlineData(OrderStatus.Delivered)]
    public void A_price_difference_may_be_claimed_whatever_the_goods_phase(OrderStatus status)
    {
        var order = status switch
        {
            OrderStatus.Paid => OrderDriver.Paid(300m, policy: TestPolicies.Manual),
            OrderStatus.Shipped => OrderDriver.InTransit(300m, policy: TestPolicies.Manual),
            _ => OrderDriver.Received(300m, policy: TestPolicies.Manual),
        };

        var refund = RefundDriver.Request(order, RefundKind.PriceDifference, RefundReason.PriceDrop, 25m, policy: TestPolicies.Manual);

        Assert.Equal(RefundScenario.PriceDifference, refund.State.Scenario);
        Assert.Equal(RefundStatus.WaitingSellerAgree, refund.State.Status);
        Assert.False(refund.State.HasGoodReturn);
        refund.SellerApproves();
        Assert.Equal(25m, refund.Payout.Amount);
    }

    [Fact]
    public void The_protection_period_counts_from_payment()
    {
        var order = OrderDriver.Received(300m, policy: TestPolicies.Manual);

        Assert.False(Claim(order.At(Clock.Start.AddDays(15).AddSeconds(-1)), 10m).IsError);
        Claim(order.At(Clock.Start.AddDays(15)), 10m).ShouldFailWith("refund.price_protection_expired");
    }

    [Fact]
    public void Only_the_price_drop_reason_makes_a_price_difference_claim() =>
        Claim(OrderDriver.Received(300m), 10m, reason: RefundReason.QualityDefect).ShouldFailWith("refund.reason_not_applicable");

    [Fact]
    public void The_shop_may_pay_small_claims_at_once()
    {
        var policy = TestPolicies.Manual with { PriceProtectionAutoRefund = new AmountCapRule(true, 30m) };

        RefundDriver.Request(OrderDriver.Paid(300m, policy: policy), RefundKind.PriceDifference, RefundReason.PriceDrop, 30m)
            .State.ShouldBeAutoRefunded(Automation.PriceProtection);
        Assert.Equal(RefundStatus.WaitingSellerAgree,
            RefundDriver.Request(OrderDriver.Paid(300m, policy: policy), RefundKind.PriceDifference, RefundReason.PriceDrop, 30.01m).State.Status);
    }

    [Fact]
    public void A_silent_seller_pays_the_claim_when_the_timer_runs_out() =>
        RefundDriver.Request(OrderDriver.Paid(300m, policy: TestPolicies.Manual), RefundKind.PriceDifference, RefundReason.PriceDrop, 40m)
            .ExpireWhenDue(DeadlineKind.SellerResponse).State.ShouldBeAutoRefunded(Automation.Timeout);

    [Fact]
    public void Claims_count_in_their_own_indicator_share()
    {
        var facts = new[]
        {
            RefundFact.Of(RefundDriver.Request(OrderDriver.Paid(300m, policy: TestPolicies.Manual), RefundKind.PriceDifference, RefundReason.PriceDrop, 40m).State),
            RefundFact.Of(RefundDriver.NotShipped(500m, TestPolicies.Manual).State),
        };

        var metrics = ShopMetricsCalculator.Compute(facts, [], MetricWindow.OneHour, Clock.Start.AddMinutes(1));

        Assert.Equal(0.5, metrics.PriceDifferenceShare);
    }
}
