namespace RefundCluster.Grains.Orders;

/// <summary>Which order a refund belongs to: refunds live in their order's grain, and their ids are unique platform-wide.</summary>
public interface IRefundLocator
{
    /// <summary>
    /// True when the grain storage records each order's refund ids with its state and refuses a write that claims an id
    /// another order holds (<see cref="IRefundLocatingState"/>): no <see cref="Claim"/> is needed.
    /// </summary>
    bool FollowsGrainState => false;

    /// <summary>Before the first write that holds the refund: false when another order holds the id. Idempotent.</summary>
    Task<bool> Claim(string refundId, RefundHolder holder);

    /// <summary>The order that holds the refund, or null for a refund that is not stored.</summary>
    Task<RefundHolder?> HolderOf(string refundId, CancellationToken cancellationToken = default);
}
