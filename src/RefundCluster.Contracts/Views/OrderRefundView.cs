using RefundCluster.Domain.Refunds;

namespace RefundCluster.Contracts.Views;

/// <summary>One refund as its order lists it: enough to pick it, with the money it asks for and got back.</summary>
[GenerateSerializer, Immutable, Alias("order.refund")]
public sealed record OrderRefundView(
    [property: Id(0)] string RefundId,
    [property: Id(1)] RefundKind RefundKind,
    [property: Id(2)] RefundStatus Status,
    [property: Id(3)] string TaobaoStatus,
    [property: Id(4)] decimal RequestedAmount,
    [property: Id(5)] decimal RefundedAmount,
    [property: Id(6)] DateTimeOffset RequestedAt,
    [property: Id(7)] string? LineId = null);
