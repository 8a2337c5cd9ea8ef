namespace RefundCluster.Grains.Payouts;

/// <summary>A payout key already exists with different content: never overwritten, always surfaced.</summary>
public sealed class PayoutConflictException(PayoutRequest requested, PayoutRequest stored)
    : Exception($"Payout {requested.Key} is already recorded for {stored.Amount} (refund {stored.RefundId}); refusing {requested.Amount} (refund {requested.RefundId}).")
{
    public PayoutRequest Requested { get; } = requested;
    public PayoutRequest Stored { get; } = stored;
}
