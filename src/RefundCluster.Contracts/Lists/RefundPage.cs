using System.Collections.Immutable;
using RefundCluster.Contracts.Changes;

namespace RefundCluster.Contracts.Lists;

/// <summary>A page of a shop's refunds; <see cref="Next"/> is the opaque cursor of the next page (null: this is the last).</summary>
public sealed record RefundPage(ImmutableArray<RefundSummary> Refunds, string? Next);
