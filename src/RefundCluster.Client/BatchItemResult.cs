using System.Collections.Immutable;
using RefundCluster.Contracts.Views;

namespace RefundCluster.Client;

/// <summary>
/// One event's answer in a batch, at its index in what was sent: applied (<see cref="OutcomeStatus.Accepted"/>), seen
/// before (<see cref="OutcomeStatus.Duplicate"/>), or refused with its <see cref="Problem"/>. A refusal with
/// <see cref="RefundClusterProblem.RetryAfter"/> was passing and outlasted the retries: nothing was applied, resend it.
/// </summary>
public sealed record BatchItemResult(
    int Index,
    string? EventId,
    OutcomeStatus Status,
    string? OrderId,
    string? RefundId,
    string? EntityStatus,
    int? Version,
    ImmutableArray<string> Actions,
    RefundClusterProblem? Problem)
{
    public bool Applied => Status != OutcomeStatus.Rejected;
}
