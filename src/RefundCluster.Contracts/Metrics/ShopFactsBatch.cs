using System.Collections.Immutable;

namespace RefundCluster.Contracts.Metrics;

/// <summary>One facts-stream message: the latest facts of every shop of the stream that changed while the previous message was in flight.</summary>
[GenerateSerializer, Immutable, Alias("shop.facts_batch")]
public sealed record ShopFactsBatch
{
    [Id(0)] public ImmutableArray<ShopFactsChanged> Shops { get; init; } = [];
}
