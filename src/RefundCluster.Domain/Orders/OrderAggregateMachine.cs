using RefundCluster.Domain.Common;
using RefundCluster.Domain.Policies;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Orders;

/// <summary>
/// Decides and folds an <see cref="OrderAggregate"/>: order commands go to <see cref="OrderStateMachine"/>, a refund's
/// to <see cref="RefundStateMachine"/>, and the money step (<see cref="MoneyFollowing"/>) turns what a refund decision
/// does to money into the order's ledger events of the same decision, so that a refund can never end, or hold money,
/// without its order knowing.
/// </summary>
public static class OrderAggregateMachine
{
    public static Decision<DomainEvent> Decide(OrderAggregate? state, OrderCommand command, DateTimeOffset now, ShopPolicy policy)
    {
        var decision = OrderStateMachine.Decide(state?.Order, command, now, policy);
        if (decision.Error is { } error)
        {
            return error;
        }

        if (state is null || !decision.Events.Any(e => e is OrderDelivered))
        {
            return Decision<DomainEvent>.Accept(decision.Events);
        }

        // The parcel was signed for: open "never arrived" refunds are flagged in the same decision.
        var flagged = state.Refunds.Values.OrderBy(r => r.RefundId, StringComparer.Ordinal)
            .SelectMany(r => RefundStateMachine.OnOrderDelivered(r, now).Events.Select(e => (DomainEvent)new RefundChange(r.RefundId, e)));
        return Decision<DomainEvent>.Accept([.. decision.Events, .. flagged]);
    }

    /// <summary>A command to one refund of the order (a request creates it; it is decided against the order as it is now).</summary>
    /// <param name="expectedVersion">When given, the command applies only to the refund at this version (0: not requested yet).</param>
    public static Decision<DomainEvent> Decide(
        OrderAggregate? state, string refundId, RefundCommand command, DateTimeOffset now, ShopPolicy policy, int? expectedVersion = null)
    {
        if (state is null)
        {
            return command is RequestRefund ? Errors.OrderUnknown : Errors.RefundUnknown;
        }

        var before = state.Refund(refundId);
        if (expectedVersion is { } expected && (before is not null || command is RequestRefund) && expected != (before?.Version ?? 0))
        {
            return Errors.RefundVersionStale(expected, before?.Version ?? 0);
        }

        var lineId = command is RequestRefund request ? request.LineId : before?.LineId;
        var order = state.Order.Snapshot(refundId, lineId);
        if (command is ShipReturn)
        {
            order = order with
            {
                OtherReturnTrackings = [.. state.Refunds.Values.Where(r => r.RefundId != refundId && r.ReturnTrackingNumber is not null).Select(r => r.ReturnTrackingNumber!.Trim())],
            };
        }

        var decision = RefundStateMachine.Decide(before, command, now, policy, order);
        return decision.Error is { } error ? error : MoneyFollowing(state, refundId, before, decision.Events, now);
    }

    /// <summary>A deadline of the order or of one of its refunds fell due.</summary>
    public static Decision<DomainEvent> Expire(OrderAggregate state, AggregateDeadline deadline, DateTimeOffset now, ShopPolicy policy) =>
        deadline.RefundId is { } refundId
            ? Decide(state, refundId, new ExpireRefundDeadline(deadline.Kind), now, policy)
            : Decide(state, new ExpireOrderDeadline(deadline.Kind), now, policy);

    public static OrderAggregate Apply(OrderAggregate? state, DomainEvent e) => e switch
    {
        OrderPaid paid => new OrderAggregate { Order = OrderStateMachine.Apply(null, paid) },
        OrderEvent order => Existing(state) with { Order = OrderStateMachine.Apply(Existing(state).Order, order) },
        RefundChange change => Existing(state) with
        {
            Refunds = Existing(state).Refunds.SetItem(
                change.RefundId,
                RefundStateMachine.Apply(Existing(state).Refund(change.RefundId), change.Credential is null ? change.Event : change.Event with { Credential = change.Credential })),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Not an order or refund event."),
    };

    /// <summary>
    /// The money step of a refund decision: a new refund that asks for money reserves it on the order (refused, the
    /// whole decision is refused: two refunds racing for the same money cannot both win); a refund that ends settles
    /// what it refunded, or releases its reservation.
    /// </summary>
    private static Decision<DomainEvent> MoneyFollowing(OrderAggregate state, string refundId, RefundState? before, IReadOnlyList<RefundEvent> events, DateTimeOffset now)
    {
        if (events.Count == 0)
        {
            return Decision<DomainEvent>.NoOp();
        }

        var decided = new List<DomainEvent>(events.Count + 2);
        var refund = before;
        foreach (var e in events)
        {
            refund = RefundStateMachine.Apply(refund, e);
            decided.Add(new RefundChange(refundId, e));
        }

        var order = state.Order;
        foreach (var step in MoneySteps(refundId, before, refund!, events))
        {
            // Ledger commands never schedule deadlines: the platform default policy is as good as the shop's.
            var money = OrderStateMachine.Decide(order, step, now, ShopPolicy.PlatformDefault);
            if (money.Error is { } refused)
            {
                return refused;
            }

            foreach (var e in money.Events)
            {
                order = OrderStateMachine.Apply(order, e);
                decided.Add(e);
            }
        }

        return Decision<DomainEvent>.Accept(decided);
    }

    private static IEnumerable<OrderCommand> MoneySteps(string refundId, RefundState? before, RefundState after, IReadOnlyList<RefundEvent> events)
    {
        if (before is null && events[0] is RefundRequested { Amount: > 0 } requested)
        {
            yield return new ReserveRefund(refundId, requested.Amount, requested.LineId);
        }

        if (after.IsTerminal && before is not { IsTerminal: true })
        {
            yield return after.RefundedAmount > 0 ? new SettleRefund(refundId, after.RefundedAmount, after.LineId) : new ReleaseRefund(refundId);
        }
    }

    private static OrderAggregate Existing(OrderAggregate? state) =>
        state ?? throw new InvalidOperationException("An order event other than order_paid for an order that does not exist.");
}
