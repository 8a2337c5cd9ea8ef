using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Metrics;
using RefundCluster.Contracts.Views;

namespace RefundCluster.Contracts.Grains;

/// <summary>
/// One order with its refunds, keyed by the integrator's order id: every event of the order and of its refunds is
/// decided here and stored as one write (the money invariant spans them).
/// </summary>
[Alias("RefundCluster.IOrderGrain")]
public interface IOrderGrain : IGrainWithStringKey
{
    /// <remarks>Events are not copied on the way in (the sender hands over an event it no longer changes).</remarks>
    [Alias("handle")]
    ValueTask<EventOutcome> Handle([Immutable] OrderIntegratorEvent e);

    /// <summary>An event of one of the order's refunds (<c>refund.requested</c> creates it).</summary>
    [Alias("handle-refund")]
    ValueTask<EventOutcome> HandleRefund([Immutable] RefundIntegratorEvent e);

    /// <summary>Null when the order has never been paid.</summary>
    [Alias("view")]
    ValueTask<OrderView?> GetView();

    /// <summary>Null when the order has no such refund.</summary>
    [Alias("refund-view")]
    ValueTask<RefundView?> GetRefundView(string refundId);

    /// <summary>What the shop metrics count about the order and each of its refunds; null when it does not exist.</summary>
    [Alias("facts")]
    ValueTask<OrderFacts?> GetFacts();
}
