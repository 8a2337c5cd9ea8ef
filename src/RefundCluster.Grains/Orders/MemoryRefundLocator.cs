using System.Collections.Concurrent;

namespace RefundCluster.Grains.Orders;

/// <summary>The in-memory refund locator of the embedded cluster (as volatile as its memory grain storage).</summary>
public sealed class MemoryRefundLocator : IRefundLocator
{
    private readonly ConcurrentDictionary<string, RefundHolder> _holders = new(StringComparer.Ordinal);

    public Task Register(string refundId, RefundHolder holder)
    {
        _holders.TryAdd(refundId, holder);
        return Task.CompletedTask;
    }

    public Task<RefundHolder?> HolderOf(string refundId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_holders.GetValueOrDefault(refundId));
}
