using Orleans.Concurrency;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Views;

namespace RefundCluster.Grains.Orders;

[StatelessWorker]
public sealed class RefundLookupGrain(IRefundLocator locator) : Grain, IRefundLookupGrain
{
    public async ValueTask<RefundView?> GetView(string refundId) =>
        await locator.HolderOf(refundId) is { } holder ? await GrainFactory.GetGrain<IOrderGrain>(holder.OrderId).GetRefundView(refundId) : null;
}
