using RefundCluster.Domain.Common;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Orders;

/// <summary>An event of one of an <see cref="OrderAggregate"/>'s refunds (refund events do not name their refund).</summary>
public sealed record RefundChange(string RefundId, RefundEvent Event) : DomainEvent(Event.At, Event.Actor)
{
    public override string Action => Event.Action;

    public override string? Detail => Event.Detail;
}
