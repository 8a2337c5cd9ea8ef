namespace RefundCluster.Domain.Tests.Policies;

/// <summary>Every shop automation of ShopPolicy: when it acts, when it does not.</summary>
public sealed class AutomationPolicyTests
{
    private static readonly ShopPolicy Manual = TestPolicies.Manual;

    private static void AssertRefundedBy(RefundDriver refund, Automation automation) => refund.State.ShouldBeAutoRefunded(automation);

    private static void AssertWaitsForSeller(RefundDriver refund)
    {
        Assert.Equal(RefundStatus.WaitingSellerAgree, refund.State.Status);
        Assert.Equal(0m, refund.State.RefundedAmount);
    }

    // 0秒退
    [Theory]
    [InlineData("200", true)]
    [InlineData("200.01", false)]
    [InlineData("0.01", true)]
    public void Zero_second_refund_applies_up_to_its_cap(string amount, bool refunded)
    {
        var refund = RefundDriver.NotShipped(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), TestPolicies.Default);

        Assert.Equal(refunded, refund.State.Status == RefundStatus.Succeeded);
        Assert.Equal(refunded, refund.State.ZeroSecond);
    }

    [Fact]
    public void Zero_second_refund_can_be_switched_off() =>
        AssertWaitsForSeller(RefundDriver.NotShipped(1m, Manual));

    [Fact]
    public void Zero_second_refund_does_not_apply_in_transit() =>
        AssertWaitsForSeller(RefundDriver.InTransit(1m, TestPolicies.Default with { InterceptSuccessAutoRefund = new AmountCapRule(false, 0m) }));

    // 智能托管自动退
    [Fact]
    public void Managed_mode_refunds_not_shipped_requests_up_to_its_cap()
    {
        var refund = RefundDriver.NotShipped(200m, Manual with { ManagedMode = true });

        AssertRefundedBy(refund, Automation.ManagedMode);
        Assert.True(refund.State.ZeroSecond);
    }

    [Theory]
    [InlineData("200.01")]
    [InlineData("5000")]
    public void Managed_mode_leaves_a_request_above_its_cap_to_the_seller(string amount) =>
        AssertWaitsForSeller(RefundDriver.NotShipped(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), Manual with { ManagedMode = true }, paid: 6000m));

    [Fact]
    public void Managed_mode_cap_is_a_shop_policy() =>
        AssertRefundedBy(RefundDriver.NotShipped(900m, Manual with { ManagedMode = true, ManagedModeCap = 1000m }), Automation.ManagedMode);

    [Fact]
    public void Managed_mode_does_not_refund_received_goods() =>
        AssertWaitsForSeller(RefundDriver.Received(RefundKind.RefundOnly, Manual with { ManagedMode = true }, 50m));

    // 下班自动退 (working hours 09:00–18:00 in UTC+8)
    public static TheoryData<DateTimeOffset, bool> OffHoursCases => new()
    {
        { Clock.Local(2025, 11, 11, 20, 0), true },
        { Clock.Local(2025, 11, 11, 12, 0), false },
        { Clock.Local(2025, 11, 11, 8, 59), true },
        { Clock.Local(2025, 11, 11, 9, 0), false },
        { Clock.Local(2025, 11, 11, 18, 0), true },
        // The same instants given in UTC: 02:00Z is 10:00 in the shop, 11:00Z is 19:00 in the shop.
        { new DateTimeOffset(2025, 11, 11, 2, 0, 0, TimeSpan.Zero), false },
        { new DateTimeOffset(2025, 11, 11, 11, 0, 0, TimeSpan.Zero), true },
    };

    [Theory]
    [MemberData(nameof(OffHoursCases))]
    public void Off_hours_auto_refund_uses_the_shop_local_working_hours(DateTimeOffset now, bool offHours)
    {
        var policy = Manual with { OffHoursAutoRefund = new OffHoursRule(true, new TimeOnly(9, 0), new TimeOnly(18, 0)) };

        var refund = RefundDriver.NotShipped(150m, policy, at: now);

        if (offHours)
        {
            AssertRefundedBy(refund, Automation.OffHours);
        }
        else
        {
            AssertWaitsForSeller(refund);
        }
    }

    [Theory]
    [InlineData("200", true)]
    [InlineData("200.01", false)]
    [InlineData("5000", false)]
    public void Off_hours_auto_refund_pays_only_up_to_its_cap(string amount, bool refunded)
    {
        var policy = Manual with { OffHoursAutoRefund = new OffHoursRule(true, new TimeOnly(9, 0), new TimeOnly(18, 0)) };

        var refund = RefundDriver.NotShipped(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), policy, paid: 6000m,
            at: Clock.Local(2025, 11, 11, 23, 0));

        Assert.Equal(refunded ? RefundStatus.Succeeded : RefundStatus.WaitingSellerAgree, refund.State.Status);
    }

    [Fact]
    public void Off_hours_auto_refund_is_off_by_default() =>
        AssertWaitsForSeller(RefundDriver.NotShipped(500m, Manual, at: Clock.Local(2025, 11, 11, 23, 0)));

    [Fact]
    public void A_night_shift_wrapping_midnight_is_understood()
    {
        var rule = new OffHoursRule(true, new TimeOnly(22, 0), new TimeOnly(6, 0));

        Assert.False(rule.IsOffHours(Clock.Local(2025, 11, 11, 23, 0), 8));
        Assert.False(rule.IsOffHours(Clock.Local(2025, 11, 11, 5, 59), 8));
        Assert.True(rule.IsOffHours(Clock.Local(2025, 11, 11, 12, 0), 8));
    }

    // 指定商品自动退
    [Fact]
    public void Listed_skus_are_refunded_at_once_when_they_cover_the_whole_order() =>
        AssertRefundedBy(RefundDriver.NotShipped(500m, Manual with { AutoRefundSkus = ["SKU-A", "SKU-B", "SKU-C"] }, skus: ["SKU-A", "SKU-B"]),
            Automation.ListedSku);

    [Fact]
    public void An_order_with_an_unlisted_sku_waits_for_the_seller() =>
        AssertWaitsForSeller(RefundDriver.NotShipped(500m, Manual with { AutoRefundSkus = ["SKU-A"] }, skus: ["SKU-A", "SKU-X"]));

    // 仓拦截0秒退
    [Fact]
    public void Warehouse_interception_refunds_warehouse_managed_orders_at_once()
    {
        var policy = Manual with { WarehouseInterceptZeroSecond = true };
        var refund = RefundDriver.InTransit(700m, policy, new OrderFlags(WarehouseManaged: true));

        AssertRefundedBy(refund, Automation.WarehouseIntercept);
        Assert.True(refund.State.ZeroSecond);
        Assert.Equal(InterceptionStatus.Requested, refund.State.Interception);
        Assert.Equal(Actor.Warehouse, refund.Events.OfType<InterceptionRequested>().Single().Actor);
    }

    [Fact]
    public void Warehouse_interception_needs_a_warehouse_managed_order() =>
        AssertWaitsForSeller(RefundDriver.InTransit(700m, Manual with { WarehouseInterceptZeroSecond = true }));

    // 拦截自动退
    private static readonly ShopPolicy InterceptAuto = Manual with { InterceptAutoRefund = new AmountCapRule(true, 50m) };

    [Fact]
    public void Intercept_auto_refund_refunds_as_soon_as_interception_is_requested()
    {
        var refund = RefundDriver.InTransit(50m, InterceptAuto).Do(new RequestInterception(Actor.Seller));

        AssertRefundedBy(refund, Automation.InterceptAutoRefund);
        Assert.False(refund.State.ZeroSecond);
    }

    [Fact]
    public void Intercept_auto_refund_respects_its_cap() =>
        AssertWaitsForSeller(RefundDriver.InTransit(50.01m, InterceptAuto).Do(new RequestInterception(Actor.Seller)));

    [Fact]
    public void Intercept_auto_refund_does_not_apply_once_the_parcel_is_out_for_delivery() =>
        AssertWaitsForSeller(RefundDriver.InTransit(20m, InterceptAuto, outForDelivery: true).Do(new RequestInterception(Actor.Seller)));

    [Fact]
    public void With_freight_insurance_intercept_auto_refund_acts_at_intake()
    {
        var refund = RefundDriver.InTransit(30m, InterceptAuto, new OrderFlags(FreightInsurance: true));

        AssertRefundedBy(refund, Automation.InterceptAutoRefund);
        Assert.True(refund.State.ZeroSecond);
    }

    // 拦截成功自动退 (platform default: on, cap 50)
    private static readonly ShopPolicy InterceptSuccess = Manual with { InterceptSuccessAutoRefund = new AmountCapRule(true, 50m) };

    [Fact]
    public void Intercept_success_auto_refund_refunds_when_logistics_confirms()
    {
        var refund = RefundDriver.InTransit(50m, InterceptSuccess).Do(new RequestInterception(Actor.Seller));
        AssertWaitsForSeller(refund);

        refund.Do(new ReportInterception(Succeeded: true));

        AssertRefundedBy(refund, Automation.InterceptSuccessAutoRefund);
    }

    [Fact]
    public void Intercept_success_auto_refund_respects_its_cap() =>
        AssertWaitsForSeller(RefundDriver.InTransit(50.01m, InterceptSuccess).Do(new RequestInterception(Actor.Seller)).Do(new ReportInterception(true)));

    [Fact]
    public void A_failed_interception_refunds_nothing() =>
        AssertWaitsForSeller(RefundDriver.InTransit(10m, InterceptSuccess).Do(new RequestInterception(Actor.Seller)).Do(new ReportInterception(false)));

    // 小额自动退
    private static readonly ShopPolicy SmallAmount = Manual with { SmallAmountAutoRefund = new AmountCapRule(true, 20m) };

    [Fact]
    public void Small_amount_auto_refund_refunds_received_refund_only_requests_up_to_the_cap() =>
        AssertRefundedBy(RefundDriver.Received(RefundKind.RefundOnly, SmallAmount, 20m, RefundReason.PriceDrop), Automation.SmallAmount);

    [Fact]
    public void Small_amount_auto_refund_respects_its_cap() =>
        AssertWaitsForSeller(RefundDriver.Received(RefundKind.RefundOnly, SmallAmount, 20.01m, RefundReason.PriceDrop));

    [Fact]
    public void Small_amount_auto_refund_does_not_skip_a_return() =>
        AssertWaitsForSeller(RefundDriver.Received(RefundKind.ReturnAndRefund, SmallAmount, 5m));

    [Theory]
    [InlineData(RefundReason.Size)]
    [InlineData(RefundReason.Disliked)]
    public void Small_amount_auto_refund_never_pays_a_refund_only_for_a_no_fault_reason(RefundReason reason) =>
        AssertWaitsForSeller(RefundDriver.Received(RefundKind.RefundOnly, SmallAmount, 5m, reason));

    // 自动同意退货
    [Theory]
    [InlineData(RefundKind.ReturnAndRefund)]
    [InlineData(RefundKind.Exchange)]
    public void Auto_approve_return_sends_the_shop_return_address_at_once(RefundKind kind)
    {
        var refund = RefundDriver.Received(kind, Manual with { AutoApproveReturn = true, ReturnAddress = "Warehouse 9" });

        Assert.Equal(RefundStatus.WaitingBuyerReturn, refund.State.Status);
        Assert.Equal("Warehouse 9", refund.State.ReturnAddress);
        Assert.Equal(Automation.AutoApproveReturn, refund.Events.OfType<ReturnApproved>().Single().Automation);
        Assert.True(refund.State.Deadlines.ContainsKey(DeadlineKind.BuyerShipReturn));
    }

    [Fact]
    public void Auto_approve_return_leaves_a_reship_to_the_seller() =>
        Assert.Equal(RefundStatus.WaitingSellerAgree, RefundDriver.Received(RefundKind.Reship, Manual with { AutoApproveReturn = true }).State.Status);

    // 签收自动退
    [Fact]
    public void Auto_refund_on_return_signed()
    {
        var refund = RefundDriver.Received(RefundKind.ReturnAndRefund, Manual with { AutoRefundOnReturnSigned = true }).ReturnDelivered();

        AssertRefundedBy(refund, Automation.AutoRefundOnReturnSigned);
    }

    // ERP入仓自动退
    [Fact]
    public void Auto_refund_when_the_warehouse_books_the_return_in()
    {
        var refund = RefundDriver.Received(RefundKind.ReturnAndRefund, Manual with { AutoRefundOnWarehouseReceived = true }).ReturnDelivered();
        Assert.Equal(RefundStatus.ReturnSigned, refund.State.Status);

        refund.Do(new ReceiveIntoWarehouse());

        AssertRefundedBy(refund, Automation.AutoRefundOnWarehouseReceived);
        Assert.True(refund.State.WarehouseReceived);
    }

    [Fact]
    public void A_warehouse_booking_before_the_signing_event_counts_as_the_signing()
    {
        var refund = RefundDriver.Received(RefundKind.ReturnAndRefund, Manual with { AutoRefundOnWarehouseReceived = true })
            .SellerApproves().BuyerShipsReturn().Do(new ReceiveIntoWarehouse());

        AssertRefundedBy(refund, Automation.AutoRefundOnWarehouseReceived);
        Assert.Equal(Actor.Warehouse, refund.Events.OfType<ReturnSigned>().Single().Actor);
    }

    [Fact]
    public void Without_the_policy_a_warehouse_booking_only_records_the_receipt()
    {
        var refund = RefundDriver.Received(RefundKind.ReturnAndRefund, Manual).ReturnDelivered().Do(new ReceiveIntoWarehouse());

        Assert.Equal(RefundStatus.ReturnSigned, refund.State.Status);
        Assert.True(refund.State.WarehouseReceived);
        refund.Try(new ReceiveIntoWarehouse()).ShouldFailWith("refund.illegal_transition");
    }

    // 代客售后
    [Fact]
    public void Agent_filing_is_refused_when_the_shop_disabled_it() =>
        RefundDriver.TryRequest(OrderDriver.Paid(), RefundKind.RefundOnly, RefundReason.ChangedMind, 10m, Actor.Agent,
            TestPolicies.Default with { AgentAfterSales = false }).ShouldFailWith("refund.agent_filing_disabled");

    [Fact]
    public void The_zero_second_cap_wins_over_managed_mode_in_the_recorded_automation() =>
        AssertRefundedBy(RefundDriver.NotShipped(10m, TestPolicies.Default with { ManagedMode = true }), Automation.ZeroSecondRefund);
}
