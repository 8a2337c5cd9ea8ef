using System.Collections.Immutable;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Policies;

namespace RefundCluster.Domain.Orders;

/// <summary>
/// The order lifecycle Paid → Shipped → Delivered → Completed, and → Closed from any of them when the order is fully
/// refunded (a parcel that moves after that is recorded, not refused), plus the money ledger that keeps refunds within
/// the paid amount.
/// </summary>
public static class OrderStateMachine
{
    public static Decision<OrderEvent> Decide(OrderState? state, OrderCommand command, DateTimeOffset now, ShopPolicy policy)
    {
        if (state is null)
        {
            return command is PayOrder pay ? Pay(pay, now, policy) : Errors.OrderUnknown;
        }

        return command switch
        {
            PayOrder => Errors.OrderAlreadyPaid,
            ShipOrder ship => Ship(state, ship, now, policy),
            UpdateLogistics update => UpdateTracking(state, update, now, policy),
            DeliverOrder => Deliver(state, now, policy),
            CompleteOrder => Complete(state, now),
            ReserveRefund reserve => Reserve(state, reserve, now),
            SettleRefund settle => Settle(state, settle, now),
            ReleaseRefund release => state.ReservedRefunds.ContainsKey(release.RefundId)
                ? Decision<OrderEvent>.Accept([new RefundReleased(now, release.RefundId)])
                : Decision<OrderEvent>.NoOp(),
            ExpireOrderDeadline expire => Expire(state, expire.Kind, now, policy),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown order command."),
        };
    }

    public static OrderState Apply(OrderState? state, OrderEvent e)
    {
        if (e is OrderPaid paid)
        {
            return new OrderState
            {
                OrderId = paid.OrderId, ShopId = paid.ShopId, BuyerId = paid.BuyerId, Lines = paid.Lines,
                LinePaid = LineMoney.Allocate(paid.Lines, paid.PaidAmount),
                PaidAmount = paid.PaidAmount, PaidAt = paid.At, Flags = paid.Flags, History = [paid.ToHistory()],
            };
        }

        ArgumentNullException.ThrowIfNull(state);
        var next = e switch
        {
            OrderShipped shipped => state with
            {
                Status = OrderStatus.Shipped, TrackingNumber = shipped.TrackingNumber, ShippedAt = shipped.At,
                LastTrackingAt = shipped.At, Deadlines = state.Deadlines.Remove(DeadlineKind.ShipPromise),
            },
            ShippedAfterClose shipped => state with
            {
                TrackingNumber = shipped.TrackingNumber, ShippedAt = shipped.At, LastTrackingAt = shipped.At, InterceptionNeeded = true,
            },
            LogisticsUpdated update => state with
            {
                LastTrackingAt = update.At, OutForDelivery = update.OutForDelivery, LogisticsStalled = false,
            },
            OrderDelivered delivered => state with
            {
                // A closed order stays closed: the delivery of its parcel is recorded.
                Status = state.Status == OrderStatus.Closed ? OrderStatus.Closed : OrderStatus.Delivered,
                DeliveredAt = delivered.At, OutForDelivery = false,
                LogisticsStalled = false, Deadlines = state.Deadlines.Remove(DeadlineKind.LogisticsStall),
            },
            OrderCompleted completed => state with
            {
                Status = OrderStatus.Completed, CompletedAt = completed.At, Deadlines = state.Deadlines.Remove(DeadlineKind.AutoConfirmReceipt),
            },
            OrderClosed => state with { Status = OrderStatus.Closed, Deadlines = state.Deadlines.Clear() },
            RefundReserved reserved => state with
            {
                ReservedRefunds = state.ReservedRefunds.SetItem(reserved.RefundId, reserved.Amount),
                RefundLines = reserved.LineId is { } line ? state.RefundLines.SetItem(reserved.RefundId, line) : state.RefundLines,
            },
            RefundSettled settled => state with
            {
                RefundedAmount = state.RefundedAmount + settled.Amount,
                ReservedRefunds = state.ReservedRefunds.Remove(settled.RefundId),
                SettledRefunds = state.SettledRefunds.SetItem(settled.RefundId, settled.Amount),
                RefundLines = settled.LineId is { } line ? state.RefundLines.SetItem(settled.RefundId, line) : state.RefundLines,
            },
            RefundReleased released => state with { ReservedRefunds = state.ReservedRefunds.Remove(released.RefundId) },
            OrderDeadlineScheduled scheduled => state with
            {
                Deadlines = state.Deadlines.SetItem(scheduled.Kind, scheduled.Due),
                ShipPromiseAt = scheduled.Kind == DeadlineKind.ShipPromise ? scheduled.Due : state.ShipPromiseAt,
            },
            OrderAlertRaised alert => state with
            {
                ShipmentDelayed = state.ShipmentDelayed || alert.Kind == DeadlineKind.ShipPromise,
                LogisticsStalled = state.LogisticsStalled || alert.Kind == DeadlineKind.LogisticsStall,
                Deadlines = state.Deadlines.Remove(alert.Kind),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Unknown order event."),
        };
        return next with { History = next.History.Add(e.ToHistory()) };
    }

    public static OrderState? Replay(IEnumerable<OrderEvent> events) =>
        events.Aggregate((OrderState?)null, (state, e) => Apply(state, e));

    private static Decision<OrderEvent> Pay(PayOrder pay, DateTimeOffset now, ShopPolicy policy)
    {
        if (pay.Lines.IsDefaultOrEmpty || pay.Lines.Any(l => string.IsNullOrWhiteSpace(l.Sku) || l.Quantity <= 0))
        {
            return Errors.OrderLinesRequired;
        }

        foreach (var line in pay.Lines)
        {
            if (Money.ValidateNonNegative(line.UnitPrice, "lines.unitPrice") is { } lineError)
            {
                return lineError;
            }
        }

        if (Money.ValidatePositive(pay.PaidAmount, "paidAmount") is { } error)
        {
            return error;
        }

        ImmutableArray<OrderLine> lines = [.. LineMoney.WithIds(pay.Lines)];
        if (lines.Select(l => l.LineId).Distinct(StringComparer.Ordinal).Count() != lines.Length)
        {
            return Errors.OrderLineIdsNotUnique;
        }

        return Decision<OrderEvent>.Accept(
        [
            new OrderPaid(now, pay.OrderId, pay.ShopId, pay.BuyerId, lines, pay.PaidAmount, pay.Flags),
            new OrderDeadlineScheduled(now, DeadlineKind.ShipPromise, now + policy.Deadlines.ShipPromise),
        ]);
    }

    private static Decision<OrderEvent> Ship(OrderState state, ShipOrder ship, DateTimeOffset now, ShopPolicy policy)
    {
        if (string.IsNullOrWhiteSpace(ship.TrackingNumber))
        {
            return Errors.FieldRequired("trackingNumber");
        }

        return state.Status switch
        {
            OrderStatus.Paid => Decision<OrderEvent>.Accept(
            [
                new OrderShipped(now, ship.TrackingNumber),
                new OrderDeadlineScheduled(now, DeadlineKind.LogisticsStall, now + policy.Deadlines.LogisticsStall),
            ]),
            OrderStatus.Closed when state.ShippedAt is null => Decision<OrderEvent>.Accept([new ShippedAfterClose(now, ship.TrackingNumber)]),
            _ => Errors.OrderIllegalTransition(state.Status.ToString(), "shipped"),
        };
    }

    private static Decision<OrderEvent> UpdateTracking(OrderState state, UpdateLogistics update, DateTimeOffset now, ShopPolicy policy) => state.Status switch
    {
        OrderStatus.Shipped => Decision<OrderEvent>.Accept(
        [
            new LogisticsUpdated(now, update.OutForDelivery),
            new OrderDeadlineScheduled(now, DeadlineKind.LogisticsStall, now + policy.Deadlines.LogisticsStall),
        ]),
        // The parcel of a closed order is followed (for its interception) but no longer timed.
        OrderStatus.Closed when InTransitAfterClose(state) => Decision<OrderEvent>.Accept([new LogisticsUpdated(now, update.OutForDelivery)]),
        _ => Errors.OrderIllegalTransition(state.Status.ToString(), "given a tracking update"),
    };

    private static Decision<OrderEvent> Deliver(OrderState state, DateTimeOffset now, ShopPolicy policy) => state.Status switch
    {
        OrderStatus.Shipped => Decision<OrderEvent>.Accept(
        [
            new OrderDelivered(now),
            new OrderDeadlineScheduled(now, DeadlineKind.AutoConfirmReceipt, now + policy.Deadlines.AutoConfirmReceipt),
        ]),
        OrderStatus.Closed when InTransitAfterClose(state) => Decision<OrderEvent>.Accept([new OrderDelivered(now)]),
        _ => Errors.OrderIllegalTransition(state.Status.ToString(), "delivered"),
    };

    private static bool InTransitAfterClose(OrderState state) => state.ShippedAt is not null && state.DeliveredAt is null;

    private static Decision<OrderEvent> Complete(OrderState state, DateTimeOffset now) =>
        state.Status == OrderStatus.Delivered
            ? Decision<OrderEvent>.Accept([new OrderCompleted(now)])
            : Errors.OrderIllegalTransition(state.Status.ToString(), "completed");

    private static Decision<OrderEvent> Reserve(OrderState state, ReserveRefund reserve, DateTimeOffset now)
    {
        if (Money.ValidateNonNegative(reserve.Amount, "amount") is { } error)
        {
            return error;
        }

        if (state.ReservedRefunds.TryGetValue(reserve.RefundId, out var held) && held == reserve.Amount)
        {
            return Decision<OrderEvent>.NoOp(); // a retried reservation for the same refund
        }

        if (state.SettledRefunds.ContainsKey(reserve.RefundId))
        {
            return Errors.RefundAlreadyFinished;
        }

        // The amount is checked first, as a refund request checks it: a refund that lost a race for the last of the
        // money gets the same answer whether or not the winner has closed the order yet.
        if (reserve.LineId is { } line && !state.LinePaid.ContainsKey(line))
        {
            return Errors.RefundLineUnknown(line);
        }

        var refundable = state.RefundableFor(reserve.RefundId, reserve.LineId);
        if (reserve.Amount > refundable)
        {
            return Errors.RefundAmountExceedsRefundable(reserve.Amount, refundable);
        }

        return state.Status == OrderStatus.Closed
            ? Errors.OrderClosed
            : Decision<OrderEvent>.Accept([new RefundReserved(now, reserve.RefundId, reserve.Amount, reserve.LineId)]);
    }

    private static Decision<OrderEvent> Settle(OrderState state, SettleRefund settle, DateTimeOffset now)
    {
        if (Money.ValidateNonNegative(settle.Amount, "amount") is { } error)
        {
            return error; // a negative settlement would lower RefundedAmount and re-open refunded money
        }

        if (state.SettledRefunds.ContainsKey(settle.RefundId))
        {
            return Decision<OrderEvent>.NoOp();
        }

        var refundable = state.RefundableFor(settle.RefundId, settle.LineId ?? state.RefundLines.GetValueOrDefault(settle.RefundId));
        if (settle.Amount > refundable)
        {
            return Errors.RefundAmountExceedsRefundable(settle.Amount, refundable);
        }

        var settled = new RefundSettled(now, settle.RefundId, settle.Amount, settle.LineId);
        var fullyRefunded = state.Status != OrderStatus.Closed && state.RefundedAmount + settle.Amount == state.PaidAmount;
        return Decision<OrderEvent>.Accept(fullyRefunded ? [settled, new OrderClosed(now)] : [settled]);
    }

    private static Decision<OrderEvent> Expire(OrderState state, DeadlineKind kind, DateTimeOffset now, ShopPolicy policy)
    {
        if (!state.Deadlines.TryGetValue(kind, out var due) || due > now)
        {
            return Decision<OrderEvent>.NoOp();
        }

        if (kind != DeadlineKind.AutoConfirmReceipt)
        {
            return Decision<OrderEvent>.Accept([new OrderAlertRaised(now, kind)]);
        }

        // A refund still holding money keeps the trade open (as Taobao extends the confirmation): try again later.
        return state.ReservedRefunds.IsEmpty
            ? Decision<OrderEvent>.Accept([new OrderCompleted(now, Actor.System)])
            : Decision<OrderEvent>.Accept([new OrderDeadlineScheduled(now, kind, now + policy.Deadlines.AutoConfirmReceipt)]);
    }
}
