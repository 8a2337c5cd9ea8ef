using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Recording;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Policies;
using RefundCluster.Grains.Mapping;

namespace RefundCluster.Grains.Recording;

/// <summary>
/// One order's recorded lines replayed through the pure core under a policy, on a virtual clock: each event is decided
/// at the moment it was accepted, after every deadline due by then fired; a deadline fires when the recording says it
/// fired (the same order, kind and due time: a timer runs a little late, and that moment is the refund's end), else at
/// its due time (a deadline only the replayed policy set). An event the replayed state refuses is skipped and counted.
/// </summary>
public static class OrderReplay
{
    /// <summary>A bound on the expiries of one catch-up, as <c>DeadlineSweep</c> bounds one sweep's.</summary>
    private const int MaxExpiries = 1_000;

    public sealed record Result(OrderAggregate? Order, int Events, int Firings, IReadOnlyList<string> Skipped);

    public static Result Run(IReadOnlyList<RecordedInput> lines, ShopPolicy policy, DateTimeOffset until)
    {
        var fired = new Dictionary<(string?, DeadlineKind, DateTimeOffset), DateTimeOffset>();
        foreach (var line in lines)
        {
            if (line.Firing is { } firing)
            {
                fired.TryAdd((firing.RefundId, firing.Kind, firing.Due), line.At);
            }
        }

        OrderAggregate? order = null;
        var skipped = new List<string>();
        var events = 0;
        foreach (var line in lines)
        {
            if (line.Event is not { } e)
            {
                continue;
            }

            events++;
            order = FireDue(order, line.At, policy, fired);
            var decision = Decide(order, e, line.At, policy);
            if (decision.Error is { } error)
            {
                skipped.Add(error.Code);
                continue;
            }

            foreach (var decided in decision.Events)
            {
                order = OrderAggregateMachine.Apply(order, decided);
            }
        }

        return new Result(FireDue(order, until, policy, fired), events, fired.Count, skipped);
    }

    private static Decision<DomainEvent> Decide(OrderAggregate? order, IntegratorEvent e, DateTimeOffset now, ShopPolicy policy) => e switch
    {
        OrderIntegratorEvent o => OrderAggregateMachine.Decide(order, OrderCommandMapper.ToCommand(o), now, policy),
        RefundIntegratorEvent r => OrderAggregateMachine.Decide(order, r.RefundId, RefundCommandMapper.ToCommand(r), now, policy, r.RefundVersion),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Not an order or refund event."),
    };

    /// <summary>Fires, earliest first, every deadline whose firing moment is at or before <paramref name="now"/>.</summary>
    private static OrderAggregate? FireDue(
        OrderAggregate? order, DateTimeOffset now, ShopPolicy policy, Dictionary<(string?, DeadlineKind, DateTimeOffset), DateTimeOffset> fired)
    {
        // A deadline fires at or after its due time: none is due, none fires (most events find nothing due).
        if (order?.NextDue() is not { } earliest || earliest > now)
        {
            return order;
        }

        var spent = new HashSet<(AggregateDeadline, DateTimeOffset)>();
        for (var i = 0; i < MaxExpiries; i++)
        {
            (AggregateDeadline Deadline, DateTimeOffset Due, DateTimeOffset At)? next = null;
            foreach (var (deadline, due) in order.PendingDeadlines())
            {
                var at = fired.TryGetValue((deadline.RefundId, deadline.Kind, due), out var recorded) ? recorded : due;
                if (at <= now && !spent.Contains((deadline, due)) && (next is null || at < next.Value.At || (at == next.Value.At && due < next.Value.Due)))
                {
                    next = (deadline, due, at);
                }
            }

            if (next is not { } firing)
            {
                break;
            }

            spent.Add((firing.Deadline, firing.Due));
            var decision = OrderAggregateMachine.Expire(order, firing.Deadline, firing.At, policy);
            foreach (var e in decision.Events)
            {
                order = OrderAggregateMachine.Apply(order, e);
            }
        }

        return order;
    }
}
