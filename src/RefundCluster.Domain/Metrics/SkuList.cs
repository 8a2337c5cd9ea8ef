using System.Collections.Immutable;

namespace RefundCluster.Domain.Metrics;

/// <summary>The distinct SKUs a refund covers, equal by content (so that facts stay equal by value).</summary>
public sealed record SkuList(ImmutableArray<string> Items)
{
    public static readonly SkuList None = new([]);

    public static SkuList Of(IEnumerable<string> skus) => new([.. skus.Distinct(StringComparer.Ordinal)]);

    public bool Equals(SkuList? other) =>
        other is not null && Items.AsSpan().SequenceEqual(other.Items.AsSpan());

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var sku in Items)
        {
            hash.Add(sku, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
