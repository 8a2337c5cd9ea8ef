using System.Collections.Immutable;
using RefundCluster.Contracts.Views;

namespace RefundCluster.Silo.Api;

/// <summary>
/// One event's answer inside a batch answer, at the same index as the event in the request. <see cref="RetryAfter"/>
/// is set when the item was not applied for a passing reason (shed by admission control, cluster unavailable, a storage
/// conflict, or not sent behind such an item of the same order): resend the event, with the same eventId, after that many
/// seconds. Null means the answer is final.
/// </summary>
public sealed record BatchItem(
    int Index,
    string? EventId,
    OutcomeStatus Status,
    string? OrderId,
    string? RefundId,
    string? EntityStatus,
    int? Version,
    ImmutableArray<string>? Actions,
    BatchItemProblem? Problem,
    int? RetryAfter = null)
{
    public static BatchItem From(int index, EventOutcome outcome) => outcome.Error is { } error
        ? Rejected(index, outcome.EventId, error)
        : new(index, outcome.EventId, outcome.Status, outcome.OrderId, outcome.RefundId, outcome.EntityStatus, outcome.Version, outcome.Actions, null);

    public static BatchItem Rejected(int index, string? eventId, EventError error, int overloadedSeconds = 1) =>
        new(index, eventId, OutcomeStatus.Rejected, null, null, null, null, null, Problems.ToItem(error), Problems.RetryAfterOf(error, overloadedSeconds));

    /// <summary>An event admission control did not admit: nothing was applied.</summary>
    public static BatchItem Shed(int index, string eventId, int retryAfterSeconds) =>
        Rejected(index, eventId, ApiErrors.Overloaded(retryAfterSeconds), retryAfterSeconds);
}

/// <summary>
/// A batch's answer: counts and one item per event. <see cref="Rejected"/> counts every refused item, <see cref="Shed"/>
/// those of them that admission control did not admit (<c>cluster.overloaded</c>).
/// </summary>
public sealed record BatchResult(int Accepted, int Duplicates, int Rejected, int Shed, IReadOnlyList<BatchItem> Items);
