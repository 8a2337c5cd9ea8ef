namespace RefundCluster.Domain.Refunds;

/// <summary>售后协商: what the seller offers instead of the original request.</summary>
public enum OfferKind
{
    /// <summary>Refund part of the amount; the buyer keeps the item.</summary>
    PartialRefund,
    CancelReturnWithGift,
    CancelReturnWithReship,
    CouponCompensation,
}
