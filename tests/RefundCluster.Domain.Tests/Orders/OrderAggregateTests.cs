using RefundCluster.Domain.Common;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Policies;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Tests.Orders;

/// <summary>
/// The order with its refunds as one aggregate: a refund decision carries its own money step (reserve, settle,
/// release) as order events of the same decision, so one event is one decision and one write.
/// </summary>
public sealed class OrderAggregateTests
{
    private static readonly DateTimeOffset Now = Clock.Start;

    [Fact]
    public void A_request_reserves_its_amount_in_the_same_decision()
    {
        var order = Paid(100m);

        var decision = Request(order, "a", 30m, TestPolicies.Manual);
        var after = Fold(order, decision);

        Assert.IsType<RefundRequested>(Assert.IsType<RefundChange>(decision.Events[0]).Event);
        Assert.Equal(new RefundReserved(Now, "a", 30m), Assert.Single(decision.Events.OfType<OrderEvent>()));
        Assert.Equal(30m, after.Order.ReservedAmount);
        Assert.Equal(RefundStatus.WaitingSellerAgree, after.Refund("a")!.Status);
        Assert.Contains(after.PendingDeadlines(), d => d.Key == new AggregateDeadline("a", DeadlineKind.SellerResponse));
    }

    [Fact]
    public void The_next_due_time_is_the_earliest_of_the_order_and_its_refunds()
    {
        var order = Paid(100m);
        var withRefund = Fold(order, Request(order, "a", 30m, TestPolicies.Manual));

        Assert.Equal(order.PendingDeadlines().Min(d => d.Value), order.NextDue());
        Assert.Equal(withRefund.PendingDeadlines().Min(d => d.Value), withRefund.NextDue());
        Assert.True(withRefund.PendingDeadlines().Count() > order.PendingDeadlines().Count());
        Assert.Null((order with { Order = order.Order with { Deadlines = order.Order.Deadlines.Clear() } }).NextDue());
    }

    [Fact]
    public void A_zero_second_refund_reserves_and_settles_in_one_decision()
    {
        var order = Paid(100m);

        var after = Fold(order, Request(order, "a", 50m, TestPolicies.Default));

        Assert.Equal(RefundStatus.Succeeded, after.Refund("a")!.Status);
        Assert.Equal(50m, after.Order.RefundedAmount);
        Assert.Equal(0m, after.Order.ReservedAmount);
        Assert.DoesNotContain(after.PendingDeadlines(), d => d.Key == new AggregateDeadline("a", DeadlineKind.SellerResponse));
    }

    [Fact]
    public void A_second_refund_racing_for_the_same_money_is_refused_whole()
    {
        var order = Paid(100m);
        order = Fold(order, Request(order, "a", 60m, TestPolicies.Manual));

        var second = Request(order, "b", 50m, TestPolicies.Manual);

        second.ShouldFailWith("refund.amount_exceeds_refundable");
        Assert.False(Request(order, "b", 40m, TestPolicies.Manual).IsError);
    }

    [Fact]
    public void A_refund_that_ends_without_money_releases_its_reservation()
    {
        var order = Paid(100m);
        order = Fold(order, Request(order, "a", 60m, TestPolicies.Manual));

        var after = Fold(order, OrderAggregateMachine.Decide(order, "a", new CancelRefund(), Now.AddMinutes(1), TestPolicies.Manual));

        Assert.Equal(RefundStatus.Closed, after.Refund("a")!.Status);
        Assert.Equal(0m, after.Order.ReservedAmount);
        Assert.Equal(100m, after.Order.RefundableAmount);
        // Ended refunds stay ended: a later command changes neither the refund nor the money.
        OrderAggregateMachine.Decide(after, "a", new CancelRefund(), Now.AddMinutes(2), TestPolicies.Manual).ShouldFailWith("refund.already_finished");
    }

    [Fact]
    public void A_refund_deadline_of_the_aggregate_expires_into_a_settled_refund()
    {
        var order = Paid(100m);
        order = Fold(order, Request(order, "a", 40m, TestPolicies.Manual));
        var (deadline, due) = order.PendingDeadlines().Single(d => d.Key.RefundId == "a");

        var after = Fold(order, OrderAggregateMachine.Expire(order, deadline, due, TestPolicies.Manual));

        after.Refund("a")!.ShouldBeAutoRefunded(Automation.Timeout);
        Assert.Equal(40m, after.Order.RefundedAmount);
        Assert.Equal(0m, after.Order.ReservedAmount);
    }

    [Fact]
    public void Unknown_orders_and_refunds_are_refused_by_name()
    {
        OrderAggregateMachine.Decide(null, "a", RequestCommand("a", 10m), Now, TestPolicies.Manual).ShouldFailWith("order.unknown");
        OrderAggregateMachine.Decide(null, "a", new CancelRefund(), Now, TestPolicies.Manual).ShouldFailWith("refund.unknown");
        OrderAggregateMachine.Decide(Paid(100m), "a", new CancelRefund(), Now, TestPolicies.Manual).ShouldFailWith("refund.unknown");
    }

    [Fact]
    public void A_refund_change_stamps_the_credential_of_its_request_on_the_refund_history()
    {
        var order = Paid(100m);
        var requested = Request(order, "a", 30m, TestPolicies.Manual).Events.OfType<RefundChange>().First() with { Credential = "key-7" };

        var after = OrderAggregateMachine.Apply(order, requested);

        Assert.Equal(("refund_requested", "key-7"), (after.Refund("a")!.History.Single().Action, after.Refund("a")!.History.Single().Credential));
        Assert.Empty(order.Refunds); // the aggregate is immutable: folding made a new one
    }

    [Fact]
    public void An_agent_filed_refund_the_buyer_never_confirms_releases_its_money_when_its_clock_runs_out()
    {
        var order = Paid(100m);
        order = Fold(order, Request(order, "a", 70m, TestPolicies.Manual, Actor.Agent));
        Assert.Equal(70m, order.Order.ReservedAmount);
        var (deadline, due) = order.PendingDeadlines().Single(d => d.Key.RefundId == "a");
        Assert.Equal(DeadlineKind.BuyerConfirm, deadline.Kind);

        var after = Fold(order, OrderAggregateMachine.Expire(order, deadline, due, TestPolicies.Manual));

        Assert.Equal(RefundOutcome.ClosedByTimeout, after.Refund("a")!.Outcome);
        Assert.Equal(0m, after.Order.ReservedAmount);
        Assert.Equal(100m, after.Order.RefundableAmount);
    }

    [Theory]
    [InlineData(false, RefundStatus.Succeeded)]
    [InlineData(true, RefundStatus.WaitingSellerAgree)]
    public void Interception_auto_refund_reads_the_parcel_as_logistics_last_reported_it(bool outForDeliveryAfterRequest, RefundStatus expected)
    {
        var policy = TestPolicies.Manual with { InterceptAutoRefund = new AmountCapRule(true, 50m) };
        var order = Fold(Paid(100m), OrderAggregateMachine.Decide(Paid(100m), new ShipOrder("SF-1"), Now, policy));
        order = Fold(order, OrderAggregateMachine.Decide(order, "a", RequestCommand("a", 30m, reason: RefundReason.ParcelNotArriving), Now, policy));
        if (outForDeliveryAfterRequest)
        {
            order = Fold(order, OrderAggregateMachine.Decide(order, new UpdateLogistics(OutForDelivery: true), Now.AddHours(1), policy));
        }

        var after = Fold(order, OrderAggregateMachine.Decide(order, "a", new RequestInterception(Actor.Seller), Now.AddHours(2), policy));

        Assert.Equal(expected, after.Refund("a")!.Status);
        Assert.Equal(InterceptionStatus.Requested, after.Refund("a")!.Interception);
    }

    [Fact]
    public void A_write_carrying_the_refund_version_applies_only_to_that_version()
    {
        var order = Paid(100m);
        Assert.False(OrderAggregateMachine.Decide(order, "a", RequestCommand("a", 30m), Now, TestPolicies.Manual, expectedVersion: 0).IsError);
        order = Fold(order, Request(order, "a", 30m, TestPolicies.Manual));
        var version = order.Refund("a")!.Version;

        OrderAggregateMachine.Decide(order, "a", new ApproveRefund(null), Now, TestPolicies.Manual, expectedVersion: version - 1)
            .ShouldFailWith("refund.version_stale");
        var approved = Fold(order, OrderAggregateMachine.Decide(order, "a", new ApproveRefund(null), Now, TestPolicies.Manual, expectedVersion: version));

        Assert.Equal(RefundStatus.Succeeded, approved.Refund("a")!.Status);
    }

    private static OrderAggregate Paid(decimal amount)
    {
        var decision = OrderAggregateMachine.Decide(null, OrderDriver.PayCommand(amount), Now, TestPolicies.Manual);
        return Fold(null, decision);
    }

    private static RequestRefund RequestCommand(string refundId, decimal amount, Actor filedBy = Actor.Buyer, RefundReason reason = RefundReason.ChangedMind) =>
        new(refundId, RefundKind.RefundOnly, reason, amount, filedBy);

    private static Decision<DomainEvent> Request(OrderAggregate order, string refundId, decimal amount, ShopPolicy policy, Actor filedBy = Actor.Buyer) =>
        OrderAggregateMachine.Decide(order, refundId, RequestCommand(refundId, amount, filedBy), Now, policy);

    private static OrderAggregate Fold(OrderAggregate? state, Decision<DomainEvent> decision)
    {
        Assert.False(decision.IsError, decision.Error?.ToString());
        return decision.Events.Aggregate(state, OrderAggregateMachine.Apply)!;
    }
}
