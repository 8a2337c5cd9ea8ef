using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Metrics;

namespace RefundCluster.Contracts.Grains;

/// <summary>One order, keyed by the integrator's order id.</summary>
[Alias("RefundCluster.IOrderGrain")]
public interface IOrderGrain : IGrainWithStringKey
{
    [Alias("handle")]
    ValueTask<EventOutcome> Handle(OrderIntegratorEvent e);

    /// <summary>Null when the order has never been paid.</summary>
    [Alias("view")]
    ValueTask<OrderView?> GetView();

    /// <summary>What the shop metrics count about this order; null when it does not exist.</summary>
    [Alias("fact")]
    ValueTask<OrderFact?> GetFact();
}
