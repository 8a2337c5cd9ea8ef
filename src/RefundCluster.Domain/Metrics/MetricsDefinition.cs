using System.Collections.Immutable;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Metrics;

/// <summary>Platform choices the indicators depend on; the quality-reason list is platform policy (docs/domain.md).</summary>
public sealed record MetricsDefinition
{
    public static MetricsDefinition Default { get; } = new();

    public ImmutableHashSet<RefundReason> QualityReasons { get; init; } = RefundReasons.DefaultQualityReasons;
}
