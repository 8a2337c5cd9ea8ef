namespace RefundCluster.Domain.Refunds;

/// <summary>The docs/domain.md scenarios; fixed when the refund is requested from the kind and the order phase.</summary>
public enum RefundScenario
{
    /// <summary>未发仅退.</summary>
    NotShippedRefundOnly,
    /// <summary>已发未收仅退.</summary>
    InTransitRefundOnly,
    /// <summary>已收仅退.</summary>
    ReceivedRefundOnly,
    /// <summary>退货退款.</summary>
    ReturnAndRefund,
    Exchange,
    Reship,
    /// <summary>退差价 (价保).</summary>
    PriceDifference,
}
