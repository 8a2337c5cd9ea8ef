using System.Collections.Concurrent;

namespace RefundCluster.Grains.Orders;

/// <summary>The in-memory refund locator of the embedded cluster (as volatile as its memory grain storage).</summary>
public sealed class MemoryRefundLocator : IRefundLocator
{
    private readonly ConcurrentDictionary<string, RefundHolder> _holders = new(StringComparer.Ordinal);

    public Task<bool> Claim(string refundId, RefundHolder holder) =>
        Task.FromResult(_holders.GetOrAdd(refundId, holder).OrderId == holder.OrderId);

    public Task<RefundHolder?> HolderOf(string refundId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_holders.GetValueOrDefault(refundId));
}
