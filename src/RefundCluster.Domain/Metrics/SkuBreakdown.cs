using System.Collections.Immutable;

namespace RefundCluster.Domain.Metrics;

/// <summary>
/// Refunds requested in a window by SKU: the <see cref="TopCount"/> SKUs with the most refunds (most first, then by
/// SKU), and <see cref="Other"/> for the rest. A refund counts once for each SKU it covers (a line refund: its line's;
/// a whole-order refund: every SKU of the order), so the counts can add up to more than the refunds.
/// </summary>
/// <param name="Other">Refunds of SKUs past the top ones, and of SKUs past the most one time bucket names (<see cref="MaxSkusPerBucket"/>).</param>
public sealed record SkuBreakdown(ImmutableArray<SkuCount> Top, long Other)
{
    public const int TopCount = 20;

    /// <summary>
    /// The most distinct SKUs one time bucket counts by name (an hour of a shop with a large catalogue must not grow
    /// without bound); refunds of further SKUs requested in that bucket count in <see cref="Other"/>.
    /// </summary>
    public const int MaxSkusPerBucket = 100;

    public static readonly SkuBreakdown Empty = new([], 0);

    public static SkuBreakdown Of(IEnumerable<KeyValuePair<string, long>> counts, long uncounted)
    {
        var ranked = counts.Where(c => c.Value > 0).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        return new([.. ranked.Take(TopCount).Select(c => new SkuCount(c.Key, c.Value))], uncounted + ranked.Skip(TopCount).Sum(c => c.Value));
    }
}
