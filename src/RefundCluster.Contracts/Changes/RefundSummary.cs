using RefundCluster.Domain.Common;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Contracts.Changes;

/// <summary>
/// A refund as a change or a shop's list shows it: where it stands after the change (status, money, whose move, next
/// deadline), its first reason, when it was requested and last changed. The whole view is one
/// <c>GET /v1/refunds/{id}</c> away; the log carries this much so that writing it stays cheap.
/// </summary>
public sealed record RefundSummary(
    string RefundId, string OrderId, string ShopId, string? LineId, RefundKind RefundKind, RefundStatus Status, string TaobaoStatus,
    decimal RequestedAmount, decimal RefundedAmount, RefundOutcome? Outcome, Automation Automation, Actor? WaitingOn,
    DateTimeOffset? NextDeadline, int Version, RefundReason Reason, DateTimeOffset RequestedAt, DateTimeOffset ModifiedAt);
