namespace RefundCluster.Domain.Tests.Refunds;

/// <summary>7天无理由: seven days counted from the day after signing, in the shop's local time (UTC+8).</summary>
public sealed class NoReasonWindowTests
{
    private static Decision<RefundEvent> RequestNoReasonReturn(DateTimeOffset deliveredAt, DateTimeOffset requestedAt, ShopPolicy? policy = null)
    {
        var order = OrderDriver.InTransit(policy: policy).At(deliveredAt).Do(new DeliverOrder()).At(requestedAt);
        return RefundDriver.TryRequest(order, RefundKind.ReturnAndRefund, RefundReason.SevenDayNoReason, 100m);
    }

    [Fact]
    public void Signed_late_on_the_11th_the_window_runs_until_midnight_ending_the_18th()
    {
        var signed = Clock.Local(2025, 11, 11, 23, 30);

        Assert.False(RequestNoReasonReturn(signed, Clock.Local(2025, 11, 18, 23, 59, 59)).IsError);
        RequestNoReasonReturn(signed, Clock.Local(2025, 11, 19, 0, 0)).ShouldFailWith("refund.no_reason_window_expired");
    }

    [Fact]
    public void The_signing_day_is_the_shop_local_day_not_the_utc_day()
    {
        // 17:00 UTC on the 11th is 01:00 on the 12th in the shop: the window ends at 00:00 local on the 20th = 16:00 UTC on the 19th.
        var signed = new DateTimeOffset(2025, 11, 11, 17, 0, 0, TimeSpan.Zero);

        Assert.Equal(Clock.Local(2025, 11, 20, 0, 0), RefundStateMachine.NoReasonWindowEnd(OrderSnapshotDeliveredAt(signed), ShopPolicy.PlatformDefault));
        Assert.False(RequestNoReasonReturn(signed, new DateTimeOffset(2025, 11, 19, 15, 59, 59, TimeSpan.Zero)).IsError);
        RequestNoReasonReturn(signed, new DateTimeOffset(2025, 11, 19, 16, 0, 0, TimeSpan.Zero)).ShouldFailWith("refund.no_reason_window_expired");
    }

    [Fact]
    public void The_number_of_days_is_a_shop_policy()
    {
        var policy = TestPolicies.Manual with { Deadlines = new DeadlinePolicy { NoReasonReturnDays = 15 } };
        var signed = Clock.Local(2025, 11, 11, 9, 0);

        Assert.False(RequestNoReasonReturn(signed, Clock.Local(2025, 11, 26, 23, 0), policy).IsError);
        RequestNoReasonReturn(signed, Clock.Local(2025, 11, 27, 0, 0), policy).ShouldFailWith("refund.no_reason_window_expired");
    }

    [Fact]
    public void Quality_reasons_are_not_bound_to_the_no_reason_window()
    {
        var order = OrderDriver.Received().Advance(TimeSpan.FromDays(40));

        Assert.False(RefundDriver.TryRequest(order, RefundKind.ReturnAndRefund, RefundReason.QualityDefect, 100m).IsError);
    }

    private static OrderSnapshot OrderSnapshotDeliveredAt(DateTimeOffset deliveredAt) =>
        OrderDriver.Received().Snapshot() with { DeliveredAt = deliveredAt };
}
