namespace RefundCluster.Domain.Refunds;

public enum RefundStatus
{
    /// <summary>Filed by an agent (代客售后); the buyer confirms in one click.</summary>
    WaitingBuyerConfirm,
    WaitingSellerAgree,
    WaitingBuyerReturn,
    /// <summary>Return shipped, seller has not confirmed receipt.</summary>
    WaitingSellerConfirmGoods,
    /// <summary>Return signed; the seller must refund within 48 h.</summary>
    ReturnSigned,
    /// <summary>Exchange or reship approved; the seller must ship the replacement.</summary>
    WaitingReplacement,
    SellerRefused,
    /// <summary>小二介入: waiting for the platform's judgment.</summary>
    PlatformReview,
    Succeeded,
    Closed,
    /// <summary>The replacement is on its way: the buyer receives it (or the timer takes it as received).</summary>
    WaitingBuyerReceiveReplacement,
}
