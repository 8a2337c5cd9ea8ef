using System.Collections.Immutable;
using RefundCluster.Domain.Metrics;

namespace RefundCluster.Contracts.Metrics;

/// <summary>
/// Refunds and orders of one shop as they stand after their latest transitions: whole facts at their versions, not
/// deltas, so a lost message is repaired by the next one and a redelivered one is recognised. Publishers on a silo
/// batch what arrives for a shop while a publication is in flight.
/// </summary>
[GenerateSerializer, Immutable, Alias("shop.facts_changed")]
public sealed record ShopFactsChanged
{
    [Id(0)] public required string ShopId { get; init; }
    [Id(1)] public ImmutableArray<RefundFact> Refunds { get; init; } = [];
    [Id(2)] public ImmutableArray<OrderFact> Orders { get; init; } = [];
    /// <summary>Wall-clock time of publication, for the stream-lag metric.</summary>
    [Id(3)] public required DateTimeOffset PublishedAt { get; init; }
}
