namespace RefundCluster.Domain.Metrics;

/// <summary>One SKU's refunds in a window (see <see cref="SkuBreakdown"/>).</summary>
public sealed record SkuCount(string Sku, long Refunds);
