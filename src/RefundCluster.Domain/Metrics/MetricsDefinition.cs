using System.Collections.Immutable;
using RefundCluster.Domain.Policies;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Metrics;

/// <summary>
/// Choices the indicators depend on: the reasons that count in 首次品退率, a policy (docs/domain.md) that each shop's
/// <see cref="ShopPolicy.QualityReasons"/> holds.
/// </summary>
public sealed record MetricsDefinition
{
    public static MetricsDefinition Default { get; } = new();

    public ImmutableHashSet<RefundReason> QualityReasons { get; init; } = RefundReasons.DefaultQualityReasons;

    /// <summary>The definition a shop's indicators follow under its policy.</summary>
    public static MetricsDefinition Of(ShopPolicy policy) => new() { QualityReasons = policy.QualityReasons };

    /// <summary>Whether the indicators come out the same under both (the sets' members, not their instances).</summary>
    public bool CountsAs(MetricsDefinition other) => QualityReasons.SetEquals(other.QualityReasons);
}
