namespace RefundCluster.Grains.Orders;

/// <summary>
/// Grain state that holds refunds: a storage that records their ids with the state (PostgreSQL's <c>refund_ids</c>
/// column, the memory storage's map) is the <see cref="IRefundLocator"/> itself, at no extra write.
/// </summary>
public interface IRefundLocatingState
{
    IReadOnlyCollection<string> RefundIds { get; }
}
