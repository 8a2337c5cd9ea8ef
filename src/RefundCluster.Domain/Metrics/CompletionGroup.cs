using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Metrics;

/// <summary>The three splits of 退款完结时长 in the shop indicators.</summary>
public enum CompletionGroup
{
    /// <summary>仅退款: refund only, not shipped or received.</summary>
    RefundOnly,
    /// <summary>退货退款.</summary>
    ReturnAndRefund,
    /// <summary>在途: refund only while the parcel travels.</summary>
    InTransit,
}

public static class CompletionGroups
{
    public static IReadOnlyList<CompletionGroup> All { get; } = Enum.GetValues<CompletionGroup>();

    /// <summary>Exchanges and reships send goods, not money: they are not part of the refund completion metric.</summary>
    public static CompletionGroup? Of(RefundScenario scenario) => scenario switch
    {
        RefundScenario.NotShippedRefundOnly or RefundScenario.ReceivedRefundOnly => CompletionGroup.RefundOnly,
        RefundScenario.InTransitRefundOnly => CompletionGroup.InTransit,
        RefundScenario.ReturnAndRefund => CompletionGroup.ReturnAndRefund,
        _ => null,
    };
}
