using RefundCluster.Domain.Refunds;

namespace RefundCluster.Contracts.Recording;

/// <summary>Where a refund stands at the end of a replay: what a what-if compares between two policies.</summary>
public sealed record RefundEnd(RefundStatus Status, RefundOutcome? Outcome, Automation Automation, decimal RefundedAmount, DateTimeOffset? EndedAt)
{
    public static RefundEnd Of(RefundState refund) =>
        new(refund.Status, refund.Outcome, refund.EndedByAutomation, refund.RefundedAmount, refund.EndedAt);

    /// <summary>The same outcome: status, how it ended, who or what ended it and the money (end times may differ).</summary>
    public bool SameOutcome(RefundEnd? other) =>
        other is not null && Status == other.Status && Outcome == other.Outcome && Automation == other.Automation && RefundedAmount == other.RefundedAmount;
}
