using System.Collections.Immutable;
using RefundCluster.Contracts.Views;

namespace RefundCluster.Client;

/// <summary>The API's batch answer as it is on the wire (<c>POST /v1/events/batch</c>).</summary>
internal sealed record BatchAnswer(int Accepted, int Duplicates, int Rejected, int Shed, ImmutableArray<BatchAnswer.Item> Items)
{
    internal sealed record Item(
        int Index, string? EventId, OutcomeStatus Status, string? OrderId = null, string? RefundId = null, string? EntityStatus = null,
        int? Version = null, ImmutableArray<string>? Actions = null, ItemProblem? Problem = null, int? RetryAfter = null);

    internal sealed record ItemProblem(string? Type, string? Title, int Status, string? Detail = null, string Code = "");
}
