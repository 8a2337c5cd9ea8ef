namespace RefundCluster.Grains.Metrics;

/// <summary>How a shop aggregator is doing: what it holds, how far behind the stream it runs, when it last rebuilt.</summary>
[GenerateSerializer, Immutable, Alias("shop.aggregator_status")]
public sealed record ShopAggregatorStatus
{
    [Id(0)] public required string ShopId { get; init; }
    [Id(1)] public required long Version { get; init; }
    [Id(2)] public required int Refunds { get; init; }
    [Id(3)] public required int Orders { get; init; }
    [Id(4)] public required long MessagesApplied { get; init; }
    [Id(5)] public required long MessagesIgnored { get; init; }
    [Id(6)] public DateTimeOffset? LastRebuildAt { get; init; }
    [Id(7)] public int LastRebuildCorrections { get; init; }
}
