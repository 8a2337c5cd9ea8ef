namespace RefundCluster.Grains.Orders;

/// <summary>
/// Grain state that holds refunds: a storage that records their ids with the state (PostgreSQL's <c>refund_ids</c>
/// column) is the <see cref="IRefundLocator"/> itself, at no extra write, and keeps each id to one order: a write that
/// claims an id another row holds fails with <see cref="RefundIdTakenException"/> and writes nothing.
/// </summary>
public interface IRefundLocatingState
{
    IReadOnlyCollection<string> RefundIds { get; }

    /// <summary>The ids this write adds (the only ones checked against other rows).</summary>
    IReadOnlyCollection<string> RefundIdsToClaim { get; }
}
