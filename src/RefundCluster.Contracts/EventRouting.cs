using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Views;

namespace RefundCluster.Contracts;

/// <summary>Sends an integrator event to the grain that owns it: its order's. Shared by the HTTP host and .NET clients.</summary>
public static class EventRouting
{
    public static ValueTask<EventOutcome> Send(this IGrainFactory grains, IntegratorEvent e) => e switch
    {
        OrderIntegratorEvent order => grains.Reference<IOrderGrain>(order.OrderId).Handle(order),
        RefundIntegratorEvent refund => grains.Reference<IOrderGrain>(refund.OrderId).HandleRefund(refund),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Unknown event family."),
    };

    /// <summary>A refund by its id alone.</summary>
    public static IRefundLookupGrain Refunds(this IGrainFactory grains) => grains.GetGrain<IRefundLookupGrain>(0);
}
