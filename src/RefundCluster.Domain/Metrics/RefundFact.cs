using RefundCluster.Domain.Common;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Metrics;

/// <summary>
/// What the shop metrics need to know about one refund, at one version. Aggregators keep only the latest version of
/// each refund, so a redelivered or reordered fact never counts twice.
/// </summary>
public sealed record RefundFact
{
    public required string RefundId { get; init; }
    public required string OrderId { get; init; }
    public required int Version { get; init; }
    public required RefundScenario Scenario { get; init; }
    public required RefundStatus Status { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    public required RefundReason FirstReason { get; init; }
    /// <summary>The SKUs the refund covers (its line's, or every SKU of its order); they never change.</summary>
    public SkuList Skus { get; init; } = SkuList.None;
    public DateTimeOffset? EndedAt { get; init; }
    /// <summary>When the seller's side first answered (退款处理时长 counts the time from the request to it, at this moment).</summary>
    public DateTimeOffset? FirstRespondedAt { get; init; }
    /// <summary>Platform staff took the case up (intervention started): not self-completed, and left out of completion times.</summary>
    public bool TakenUpByPlatform { get; init; }
    /// <summary>Ended by a rule rather than a person: a shop automation or platform timer refunded it, or a platform timer closed it.</summary>
    public bool Automatic { get; init; }
    /// <summary>The part of <see cref="Automatic"/> that a platform timer closed (the buyer never shipped, escalated or confirmed).</summary>
    public bool ClosedByTimer { get; init; }
    public bool ZeroSecond { get; init; }
    public bool Refused { get; init; }
    /// <summary>The buyer asked for intervention at some point; withdrawn disputes still count in 平台求助率.</summary>
    public bool DisputeRaised { get; init; }
    /// <summary>When the buyer first did: 平台求助率 counts the dispute at this moment, not at the request.</summary>
    public DateTimeOffset? DisputeRaisedAt { get; init; }
    public bool MerchantResponsible { get; init; }
    /// <summary>A malicious-refund pattern was seen on it (seed 002).</summary>
    public bool Flagged { get; init; }
    public InterceptionStatus Interception { get; init; }
    public DateTimeOffset? SellerResponseDue { get; init; }
    public DateTimeOffset? ReturnSignedAt { get; init; }

    public bool IsTerminal => EndedAt is not null;

    public static RefundFact Of(RefundState refund) => new()
    {
        RefundId = refund.RefundId,
        OrderId = refund.OrderId,
        Version = refund.Version,
        Scenario = refund.Scenario,
        Status = refund.Status,
        RequestedAt = refund.RequestedAt,
        FirstReason = refund.FirstReason,
        // Distinct already (the order's SKUs, or its line's one): no copy per fact published.
        Skus = refund.OrderSkus.IsDefaultOrEmpty ? SkuList.None : new SkuList(refund.OrderSkus),
        EndedAt = refund.IsTerminal ? refund.EndedAt ?? refund.RequestedAt : null,
        FirstRespondedAt = refund.FirstRespondedAt,
        TakenUpByPlatform = refund.IsTerminal && refund.TakenUpByPlatform,
        Automatic = refund.IsTerminal && (refund.EndedByAutomation != Automation.None || refund.Outcome == RefundOutcome.ClosedByTimeout),
        ClosedByTimer = refund.IsTerminal && refund.Outcome == RefundOutcome.ClosedByTimeout,
        ZeroSecond = refund.IsTerminal && refund.ZeroSecond,
        Refused = refund.RefusalCount > 0,
        DisputeRaised = refund.DisputeRaised,
        DisputeRaisedAt = refund.DisputeRaisedAt,
        MerchantResponsible = refund.MerchantResponsible,
        Flagged = !refund.FraudSignals.IsEmpty,
        Interception = refund.Interception,
        SellerResponseDue = refund.Status == RefundStatus.WaitingSellerAgree && refund.Deadlines.TryGetValue(DeadlineKind.SellerResponse, out var due)
            ? due
            : null,
        ReturnSignedAt = refund.Status == RefundStatus.ReturnSigned ? refund.ReturnSignedAt : null,
    };

    /// <summary>Seconds from request to end, whole seconds (never negative).</summary>
    public long CompletionSeconds => EndedAt is { } ended ? Math.Max(0, (long)(ended - RequestedAt).TotalSeconds) : 0;

    /// <summary>Seconds from request to the first answer, whole seconds (never negative).</summary>
    public long ResponseSeconds => FirstRespondedAt is { } answered ? Math.Max(0, (long)(answered - RequestedAt).TotalSeconds) : 0;
}
