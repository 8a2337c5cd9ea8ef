using RefundCluster.Domain.Changes;

namespace RefundCluster.Domain.Tests.Changes;

public sealed class ChangeTypesTests
{
    [Fact]
    public void Every_event_type_has_its_row_in_the_change_table()
    {
        var eventTypes = typeof(DomainEvent).Assembly.GetTypes().Where(t => t is { IsAbstract: false } && t.IsSubclassOf(typeof(DomainEvent)));

        Assert.Empty(eventTypes.Except(ChangeTypes.Known));
    }

    [Fact]
    public void A_refunds_change_is_named_after_its_event_and_bookkeeping_is_no_change()
    {
        var at = Clock.Start;

        Assert.Equal("refund.succeeded", ChangeTypes.Of(new RefundChange("r", new RefundExecuted(at, Actor.System, 1m, RefundOutcome.Refunded, Automation.Timeout, false, "k"))));
        Assert.Equal("refund.judgment_overdue", ChangeTypes.Of(new RefundChange("r", new RefundDeadlineExpired(at, DeadlineKind.PlatformJudgment))));
        Assert.Null(ChangeTypes.Of(new RefundChange("r", new RefundDeadlineExpired(at, DeadlineKind.SellerResponse))));
        Assert.Null(ChangeTypes.Of(new RefundReserved(at, "r", 1m)));
        Assert.Equal("order.shipment_delayed", ChangeTypes.Of(new OrderAlertRaised(at, DeadlineKind.ShipPromise)));
    }
}
