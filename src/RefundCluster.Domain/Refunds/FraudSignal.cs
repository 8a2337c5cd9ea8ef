namespace RefundCluster.Domain.Refunds;

/// <summary>
/// Patterns of malicious refunds the seeds name (seed 002, 云标签): recorded on the refund and counted per shop, for
/// people to look at; none of them refuses anything by itself.
/// </summary>
public enum FraudSignal
{
    /// <summary>退货少件: another refund of the same order gave the same return tracking number.</summary>
    SharedReturnTracking,
    /// <summary>多次修改协议: the request was modified three times or more.</summary>
    RepeatedModification,
    /// <summary>已收到货仅退款: a "not received" refund-only stayed open while logistics reported the parcel signed for.</summary>
    ClaimedNotReceivedButDelivered,
}
