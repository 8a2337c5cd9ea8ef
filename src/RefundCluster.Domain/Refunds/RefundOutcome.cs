namespace RefundCluster.Domain.Refunds;

/// <summary>How an ended refund ended.</summary>
public enum RefundOutcome
{
    Refunded,
    /// <summary>A negotiated partial refund; the buyer keeps the item.</summary>
    PartiallyRefunded,
    Exchanged,
    Reshipped,
    CancelledByBuyer,
    /// <summary>The buyer did not ship the return or did not escalate in time.</summary>
    ClosedByTimeout,
    ClosedByJudgment,
    ResolvedWithGift,
    ResolvedWithReship,
    ResolvedWithCoupon,
}
