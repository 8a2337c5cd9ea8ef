using RefundCluster.Domain.Metrics;

namespace RefundCluster.Contracts.Metrics;

/// <summary>
/// A refund or order as it stands after a transition. Carries the whole fact at its version, not a delta: a lost
/// message is repaired by the next one, and a redelivered one is recognised by its version.
/// </summary>
[GenerateSerializer, Immutable, Alias("shop.fact_changed")]
public sealed record ShopFactChanged
{
    [Id(0)] public required string ShopId { get; init; }
    [Id(1)] public RefundFact? Refund { get; init; }
    [Id(2)] public OrderFact? Order { get; init; }
    /// <summary>Wall-clock time of publication, for the stream-lag metric.</summary>
    [Id(3)] public required DateTimeOffset PublishedAt { get; init; }
}
