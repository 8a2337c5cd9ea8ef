using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Views;

namespace RefundCluster.Contracts;

/// <summary>Sends an integrator event to the grain that owns it. Shared by the HTTP host and .NET clients.</summary>
public static class EventRouting
{
    public static ValueTask<EventOutcome> Send(this IGrainFactory grains, IntegratorEvent e) => e switch
    {
        OrderIntegratorEvent order => grains.GetGrain<IOrderGrain>(order.OrderId).Handle(order),
        RefundIntegratorEvent refund => grains.GetGrain<IRefundGrain>(refund.RefundId).Handle(refund),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Unknown event family."),
    };
}
