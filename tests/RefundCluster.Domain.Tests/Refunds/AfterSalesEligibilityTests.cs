namespace RefundCluster.Domain.Tests.Refunds;

/// <summary>
/// 售中 / 售后 and the no-fault rule: after the trade completes a refund may be requested only within the after-sales
/// window; 7天无理由 is a return and refund, counted from the day after signing, not for special categories, and the
/// other no-fault reasons (不喜欢, 尺码不合适) share its rule.
/// </summary>
public sealed class AfterSalesEligibilityTests
{
    private static readonly ShopPolicy Policy = TestPolicies.Manual;

    /// <summary>Delivered at Clock.Start, completed (交易成功) a day later.</summary>
    private static OrderDriver Completed(OrderFlags? flags = null, ShopPolicy? policy = null) =>
        OrderDriver.Received(1000m, flags, policy ?? Policy).Advance(TimeSpan.FromDays(1)).Do(new CompleteOrder());

    [Fact]
    public void A_refund_before_the_trade_completes_is_on_sale()
    {
        var refund = RefundDriver.Request(OrderDriver.Received(policy: Policy), RefundKind.ReturnAndRefund, RefundReason.QualityDefect, 50m);

        Assert.Equal(SalePhase.OnSale, refund.State.SalePhase);
    }

    [Fact]
    public void A_refund_after_the_trade_completed_is_after_sale()
    {
        var refund = RefundDriver.Request(Completed().Advance(TimeSpan.FromDays(3)), RefundKind.ReturnAndRefund, RefundReason.QualityDefect, 50m);

        Assert.Equal(SalePhase.AfterSale, refund.State.SalePhase);
        Assert.Equal(RefundStatus.WaitingSellerAgree, refund.State.Status);
    }

    [Theory]
    [InlineData(RefundKind.RefundOnly)]
    [InlineData(RefundKind.ReturnAndRefund)]
    [InlineData(RefundKind.Exchange)]
    public void No_refund_of_any_kind_once_the_after_sales_window_has_passed(RefundKind kind)
    {
        var order = Completed();
        var amount = kind == RefundKind.Exchange ? 0m : 50m;

        Assert.False(RefundDriver.TryRequest(order.Advance(TimeSpan.FromDays(15)).Advance(TimeSpan.FromSeconds(-1)), kind, RefundReason.QualityDefect, amount).IsError);
        RefundDriver.TryRequest(order.Advance(TimeSpan.FromSeconds(1)), kind, RefundReason.QualityDefect, amount)
            .ShouldFailWith("refund.after_sales_window_closed");
    }

    [Fact]
    public void The_after_sales_window_is_a_policy()
    {
        var policy = Policy with { Deadlines = new DeadlinePolicy { AfterSalesWindow = TimeSpan.FromDays(90) } };

        Assert.False(RefundDriver.TryRequest(Completed(policy: policy).Advance(TimeSpan.FromDays(60)), RefundKind.ReturnAndRefund, RefundReason.QualityDefect, 50m).IsError);
    }

    [Theory]
    [InlineData(RefundKind.RefundOnly)]
    [InlineData(RefundKind.Exchange)]
    public void Seven_day_no_reason_is_only_a_return_and_refund(RefundKind kind) =>
        RefundDriver.TryRequest(OrderDriver.Received(policy: Policy), kind, RefundReason.SevenDayNoReason, kind == RefundKind.Exchange ? 0m : 50m)
            .ShouldFailWith("refund.no_reason_requires_return");

    [Theory]
    [InlineData(RefundReason.SevenDayNoReason)]
    [InlineData(RefundReason.Size)]
    [InlineData(RefundReason.Disliked)]
    public void Another_no_fault_reason_does_not_dodge_the_seven_day_window(RefundReason reason)
    {
        var order = OrderDriver.Received(policy: Policy); // signed 10:00 on the 11th: the window ends at midnight ending the 18th

        Assert.False(RefundDriver.TryRequest(order.At(Clock.Local(2025, 11, 18, 23, 0)), RefundKind.ReturnAndRefund, reason, 50m).IsError);
        RefundDriver.TryRequest(order.At(Clock.Local(2025, 11, 19, 0, 0)), RefundKind.ReturnAndRefund, reason, 50m)
            .ShouldFailWith("refund.no_reason_window_expired");
    }

    [Theory]
    [InlineData(SpecialCategory.CustomMade, RefundReason.SevenDayNoReason)]
    [InlineData(SpecialCategory.Fresh, RefundReason.Disliked)]
    [InlineData(SpecialCategory.Virtual, RefundReason.Size)]
    public void No_fault_returns_are_not_available_for_special_categories(SpecialCategory category, RefundReason reason) =>
        RefundDriver.TryRequest(OrderDriver.Received(flags: new OrderFlags(category), policy: Policy), RefundKind.ReturnAndRefund, reason, 50m)
            .ShouldFailWith("refund.no_reason_not_available");

    [Theory]
    [InlineData(SpecialCategory.CustomMade, RefundReason.QualityDefect)]
    [InlineData(SpecialCategory.LargeItem, RefundReason.SevenDayNoReason)]
    [InlineData(SpecialCategory.None, RefundReason.WrongItem)]
    public void Fault_reasons_and_other_categories_keep_their_returns(SpecialCategory category, RefundReason reason) =>
        Assert.False(RefundDriver.TryRequest(OrderDriver.Received(flags: new OrderFlags(category), policy: Policy), RefundKind.ReturnAndRefund, reason, 50m).IsError);

    [Fact]
    public void A_fault_reason_is_not_bound_to_the_seven_day_window_within_the_after_sales_window() =>
        Assert.False(RefundDriver.TryRequest(Completed().Advance(TimeSpan.FromDays(12)), RefundKind.ReturnAndRefund, RefundReason.Workmanship, 50m).IsError);
}
