namespace RefundCluster.Domain.Metrics;

/// <summary>
/// Log-linear bins for completion times in whole seconds: exact below 128 s, then 64 bins per power of two, so a
/// reported percentile is the true one rounded down by less than 1/64 (1.6 %). Bins let hour buckets merge cheaply.
/// </summary>
public static class DurationBins
{
    private const int ExactBelow = 128;
    private const int SubBins = 64;

    public static int BinOf(long seconds)
    {
        if (seconds < ExactBelow)
        {
            return (int)Math.Max(0, seconds);
        }

        var shift = (int)(64 - long.LeadingZeroCount(seconds) - 7); // seconds >> shift lands in [64, 127]
        var top = seconds >> shift;
        return ExactBelow + ((shift - 1) * SubBins) + (int)(top - SubBins);
    }

    /// <summary>The smallest duration in a bin: what a percentile falling in it reports.</summary>
    public static long LowerBound(int bin)
    {
        if (bin < ExactBelow)
        {
            return bin;
        }

        var shift = ((bin - ExactBelow) / SubBins) + 1;
        var top = ((bin - ExactBelow) % SubBins) + SubBins;
        return (long)top << shift;
    }

    /// <summary>A duration as a percentile reports it.</summary>
    public static long Floor(long seconds) => LowerBound(BinOf(seconds));
}
