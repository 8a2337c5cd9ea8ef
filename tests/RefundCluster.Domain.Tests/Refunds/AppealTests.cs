namespace RefundCluster.Domain.Tests.Refunds;

/// <summary>After a refund ends the shop may appeal for 30 days, once.</summary>
public sealed class AppealTests
{
    private static RefundDriver Ended() => RefundDriver.NotShipped(500m, TestPolicies.Manual).SellerApproves();

    [Fact]
    public void The_shop_appeals_within_the_window()
    {
        var refund = Ended().Advance(TimeSpan.FromDays(29)).Do(new FileAppeal("buyer received the goods"));

        Assert.True(refund.State.Appealed);
        Assert.Equal("buyer received the goods", refund.Events.OfType<AppealFiled>().Single().Reason);
        Assert.Equal(RefundStatus.Succeeded, refund.State.Status);
    }

    [Fact]
    public void The_window_ends_thirty_days_after_the_refund_ended()
    {
        var refund = Ended().Advance(TimeSpan.FromDays(30));

        refund.Try(new FileAppeal("late")).ShouldFailWith("refund.appeal_window_closed");
    }

    [Fact]
    public void Once_the_window_timer_fired_appeals_are_refused()
    {
        var refund = Ended().ExpireWhenDue(DeadlineKind.AppealWindow);

        Assert.True(refund.State.AppealWindowClosed);
        refund.Try(new FileAppeal("late")).ShouldFailWith("refund.appeal_window_closed");
    }

    [Fact]
    public void A_second_appeal_is_refused() =>
        Ended().Do(new FileAppeal("first")).Try(new FileAppeal("second")).ShouldFailWith("refund.already_appealed");

    [Fact]
    public void An_open_refund_cannot_be_appealed() =>
        RefundDriver.NotShipped(500m, TestPolicies.Manual).Try(new FileAppeal("why")).ShouldFailWith("refund.not_finished");

    [Fact]
    public void An_appeal_needs_a_reason() =>
        Ended().Try(new FileAppeal("")).ShouldFailWith("request.field_required");

    [Fact]
    public void A_closed_refund_can_be_appealed_too() =>
        Assert.True(RefundDriver.NotShipped(500m, TestPolicies.Manual).Do(new CancelRefund()).Do(new FileAppeal("abuse")).State.Appealed);
}
