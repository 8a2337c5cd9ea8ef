using System.Collections.Immutable;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Orders;

/// <summary>
/// An order with its refunds: the unit of consistency. The money invariant (refunded + reserved never exceeds paid)
/// spans the order and every refund of it, so they are decided, folded and stored together: one event is one
/// decision and one write, and a refund's money steps (reserve, settle, release) are events of the same decision.
/// </summary>
public sealed record OrderAggregate
{
    public required OrderState Order { get; init; }

    public ImmutableDictionary<string, RefundState> Refunds { get; init; } = ImmutableDictionary.Create<string, RefundState>(StringComparer.Ordinal);

    public string OrderId => Order.OrderId;

    public string ShopId => Order.ShopId;

    public RefundState? Refund(string refundId) => Refunds.GetValueOrDefault(refundId);

    /// <summary>
    /// Every pending deadline of the order and of its refunds. A method, not a property: a computed property would be
    /// walked and written (as nothing useful) by every serialization of the state.
    /// </summary>
    public IEnumerable<KeyValuePair<AggregateDeadline, DateTimeOffset>> PendingDeadlines() =>
        Order.Deadlines.Select(d => KeyValuePair.Create(new AggregateDeadline(null, d.Key), d.Value))
            .Concat(Refunds.Values.SelectMany(r => r.Deadlines.Select(d => KeyValuePair.Create(new AggregateDeadline(r.RefundId, d.Key), d.Value))));

    /// <summary>
    /// The earliest pending deadline of the order and of its refunds (null when none), without building the list: every
    /// event asks it before anything fires, so it walks the dictionaries with their struct enumerators (.Values wraps
    /// them in an allocating iterator; the replay of a recording spent a sixth of its time there).
    /// </summary>
    public DateTimeOffset? NextDue()
    {
        var next = Order.Deadlines.Earliest();
        foreach (var refund in Refunds)
        {
            if (refund.Value.Deadlines.Earliest() is { } due && (next is null || due < next))
            {
                next = due;
            }
        }

        return next;
    }
}
