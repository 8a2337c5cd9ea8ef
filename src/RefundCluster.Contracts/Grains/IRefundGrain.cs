using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Metrics;

namespace RefundCluster.Contracts.Grains;

/// <summary>One refund, keyed by the integrator's refund id.</summary>
[Alias("RefundCluster.IRefundGrain")]
public interface IRefundGrain : IGrainWithStringKey
{
    [Alias("handle")]
    ValueTask<EventOutcome> Handle(RefundIntegratorEvent e);

    /// <summary>Null when the refund has never been requested.</summary>
    [Alias("view")]
    ValueTask<RefundView?> GetView();

    /// <summary>What the shop metrics count about this refund; null when it does not exist.</summary>
    [Alias("fact")]
    ValueTask<RefundFact?> GetFact();
}
