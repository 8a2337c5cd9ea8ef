using RefundCluster.Domain.Common;

namespace RefundCluster.Domain.Refunds;

public static class RefundStatuses
{
    /// <summary>Whose move it is in this status (the workbench's "waiting for me"); null once the refund ended.</summary>
    public static Actor? WaitingOn(RefundStatus status) => status switch
    {
        RefundStatus.WaitingBuyerConfirm or RefundStatus.WaitingBuyerReturn or RefundStatus.SellerRefused
            or RefundStatus.WaitingBuyerReceiveReplacement => Actor.Buyer,
        RefundStatus.WaitingSellerAgree or RefundStatus.WaitingSellerConfirmGoods or RefundStatus.ReturnSigned
            or RefundStatus.WaitingReplacement => Actor.Seller,
        RefundStatus.PlatformReview => Actor.Platform,
        _ => null,
    };
}
