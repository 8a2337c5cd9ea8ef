using System.Collections.Immutable;
using RefundCluster.Contracts.Views;

namespace RefundCluster.Client;

/// <summary>The API's batch answer as it is on the wire (<c>POST /v1/events/batch</c>).</summary>
internal sealed record BatchAnswer(int Accepted, int Duplicates, int Rejected, int Shed, ImmutableArray<BatchAnswer.Item> Items)
{
    internal sealed record Item(
        int Index, string? EventId, OutcomeStatus Status, string? OrderId, string? RefundId, string? EntityStatus, int? Version,
        ImmutableArray<string>? Actions, ItemProblem? Problem, int? RetryAfter);

    internal sealed record ItemProblem(string? Type, string? Title, int Status, string? Detail, string Code);
}
