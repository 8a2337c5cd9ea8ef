namespace RefundCluster.Domain.Tests.Refunds;

/// <summary>已发未收仅退: refund only, parcel in transit.</summary>
public sealed class InTransitRefundOnlyTests
{
    private static RefundDriver Requested(OrderFlags? flags = null) => RefundDriver.InTransit(300m, TestPolicies.Manual, flags);

    [Fact]
    public void The_request_is_an_in_transit_refund_waiting_for_the_seller()
    {
        var refund = Requested();

        Assert.Equal(RefundScenario.InTransitRefundOnly, refund.State.Scenario);
        Assert.Equal(OrderPhase.InTransit, refund.State.Phase);
        Assert.Equal(RefundStatus.WaitingSellerAgree, refund.State.Status);
        Assert.Equal(InterceptionStatus.None, refund.State.Interception);
    }

    [Fact]
    public void The_seller_cannot_refuse_normal_goods()
    {
        var refund = Requested();

        refund.Try(new RefuseRefund("no")).ShouldFailWith("refund.refusal_not_allowed");
        Assert.Equal(RefundStatus.WaitingSellerAgree, refund.State.Status);
    }

    [Theory]
    [InlineData(SpecialCategory.Virtual)]
    [InlineData(SpecialCategory.CustomMade)]
    [InlineData(SpecialCategory.LargeItem)]
    [InlineData(SpecialCategory.Fresh)]
    [InlineData(SpecialCategory.CrossBorder)]
    public void The_seller_may_refuse_special_category_goods(SpecialCategory category)
    {
        var refund = Requested(new OrderFlags(category)).SellerRefuses("custom-made, already produced");

        Assert.Equal(RefundStatus.SellerRefused, refund.State.Status);
        Assert.Equal("custom-made, already produced", refund.State.RefusalReason);
        Assert.Equal(1, refund.State.RefusalCount);
    }

    [Fact]
    public void A_successful_interception_is_recorded_and_the_seller_then_refunds()
    {
        var refund = Requested().Do(new RequestInterception(Actor.Seller));
        Assert.Equal(InterceptionStatus.Requested, refund.State.Interception);
        Assert.Equal(RefundStatus.WaitingSellerAgree, refund.State.Status);

        refund.Do(new ReportInterception(Succeeded: true));
        Assert.Equal(InterceptionStatus.Succeeded, refund.State.Interception);
        Assert.Equal(RefundStatus.WaitingSellerAgree, refund.State.Status);

        refund.SellerApproves();
        Assert.Equal(300m, refund.State.RefundedAmount);
    }

    [Fact]
    public void After_a_failed_interception_the_seller_may_refuse()
    {
        var refund = Requested().Do(new RequestInterception(Actor.Seller)).Do(new ReportInterception(Succeeded: false));

        Assert.Equal(InterceptionStatus.Failed, refund.State.Interception);
        refund.SellerRefuses("parcel was signed, please return it");
        Assert.Equal(RefundStatus.SellerRefused, refund.State.Status);
    }

    [Fact]
    public void With_freight_insurance_the_platform_requests_interception_itself()
    {
        var refund = Requested(new OrderFlags(FreightInsurance: true));

        Assert.Equal(InterceptionStatus.Requested, refund.State.Interception);
        Assert.Equal(Actor.Platform, refund.Events.OfType<InterceptionRequested>().Single().Actor);
        Assert.Equal(RefundStatus.WaitingSellerAgree, refund.State.Status);
        refund.Try(new RequestInterception(Actor.Seller)).ShouldFailWith("interception.already_requested");
    }

    [Fact]
    public void Interception_must_be_requested_once_before_logistics_can_report()
    {
        var refund = Requested();

        refund.Try(new ReportInterception(true)).ShouldFailWith("interception.not_requested");
        refund.Do(new RequestInterception(Actor.Seller));
        refund.Try(new RequestInterception(Actor.Seller)).ShouldFailWith("interception.already_requested");
        refund.Do(new ReportInterception(false));
        refund.Try(new ReportInterception(true)).ShouldFailWith("interception.not_requested");
    }

    [Fact]
    public void A_silent_seller_is_overruled_in_transit_too()
    {
        var refund = Requested().ExpireWhenDue(DeadlineKind.SellerResponse);

        refund.State.ShouldBeAutoRefunded(Automation.Timeout);
    }
}
