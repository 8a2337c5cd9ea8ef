using System.Collections.Immutable;
using RefundCluster.Contracts.Views;

namespace RefundCluster.Silo.Api;

/// <summary>One event's answer inside a batch answer, at the same index as the event in the request.</summary>
public sealed record BatchItem(
    int Index,
    string? EventId,
    OutcomeStatus Status,
    string? OrderId,
    string? RefundId,
    string? EntityStatus,
    int? Version,
    ImmutableArray<string>? Actions,
    BatchItemProblem? Problem)
{
    public static BatchItem From(int index, EventOutcome outcome) => outcome.Error is { } error
        ? Rejected(index, outcome.EventId, error)
        : new(index, outcome.EventId, outcome.Status, outcome.OrderId, outcome.RefundId, outcome.EntityStatus, outcome.Version, outcome.Actions, null);

    public static BatchItem Rejected(int index, string? eventId, EventError error) =>
        new(index, eventId, OutcomeStatus.Rejected, null, null, null, null, null, Problems.ToItem(error));
}

public sealed record BatchResult(int Accepted, int Duplicates, int Rejected, IReadOnlyList<BatchItem> Items);
