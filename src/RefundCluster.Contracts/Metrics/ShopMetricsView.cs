using RefundCluster.Domain.Metrics;

namespace RefundCluster.Contracts.Metrics;

/// <summary>A shop's indicators over one window, with the aggregator's version (grows with every applied change).</summary>
[GenerateSerializer, Immutable, Alias("shop.metrics_view")]
public sealed record ShopMetricsView
{
    [Id(0)] public required string ShopId { get; init; }
    [Id(1)] public required long Version { get; init; }
    [Id(2)] public required ShopMetrics Metrics { get; init; }
}
