using RefundCluster.Domain.Common;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Contracts.Changes;

/// <summary>
/// A refund as a change or a shop's list shows it: where it stands after the change (status, money, whose move, next
/// deadline), its first reason, when it was requested and last changed. The whole view is one
/// <c>GET /v1/refunds/{id}</c> away; the log carries this much so that writing it stays cheap.
/// </summary>
[GenerateSerializer, Immutable, Alias("refund.summary")]
public sealed record RefundSummary(
    [property: Id(0)] string RefundId,
    [property: Id(1)] string OrderId,
    [property: Id(2)] string ShopId,
    [property: Id(3)] string? LineId,
    [property: Id(4)] RefundKind RefundKind,
    [property: Id(5)] RefundStatus Status,
    [property: Id(6)] string TaobaoStatus,
    [property: Id(7)] decimal RequestedAmount,
    [property: Id(8)] decimal RefundedAmount,
    [property: Id(9)] RefundOutcome? Outcome,
    [property: Id(10)] Automation Automation,
    [property: Id(11)] Actor? WaitingOn,
    [property: Id(12)] DateTimeOffset? NextDeadline,
    [property: Id(13)] int Version,
    [property: Id(14)] RefundReason Reason,
    [property: Id(15)] DateTimeOffset RequestedAt,
    [property: Id(16)] DateTimeOffset ModifiedAt);
