using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Orders;

namespace RefundCluster.Grains.Orders;

/// <summary>
/// The order's money ledger as refund grains use it (not exposed to clients). Every call is idempotent by refund id,
/// so a refund that crashed mid-way can simply call again.
/// </summary>
[Alias("RefundCluster.IOrderRefundLedger")]
public interface IOrderRefundLedger : IGrainWithStringKey
{
    /// <summary>The order as the refund sees it, counting this refund's own reservation as still refundable. Null if unknown.</summary>
    [Alias("snapshot")]
    ValueTask<OrderSnapshot?> GetSnapshot(string refundId);

    [Alias("reserve")]
    ValueTask<EventError?> Reserve(string refundId, decimal amount);

    [Alias("settle")]
    ValueTask<EventError?> Settle(string refundId, decimal amount);

    [Alias("release")]
    ValueTask<EventError?> Release(string refundId);
}
