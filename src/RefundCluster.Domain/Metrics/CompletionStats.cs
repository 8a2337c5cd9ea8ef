namespace RefundCluster.Domain.Metrics;

/// <summary>
/// Completion times of the refunds that ended in a window: count and exact average, and the nearest-rank p50/p90
/// rounded down to their <see cref="DurationBins"/> bin.
/// </summary>
public sealed record CompletionStats(long Count, double AverageSeconds, long P50Seconds, long P90Seconds)
{
    public static CompletionStats Empty { get; } = new(0, 0, 0, 0);

    /// <summary>The 1-based nearest rank of a percentile among <paramref name="count"/> values.</summary>
    public static long NearestRank(double percentile, long count) => Math.Max(1, (long)Math.Ceiling(percentile * count));
}
