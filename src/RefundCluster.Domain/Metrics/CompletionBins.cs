namespace RefundCluster.Domain.Metrics;

/// <summary>Completion times of one bucket and one group: count, exact sum, and counts per <see cref="DurationBins"/> bin.</summary>
internal sealed class CompletionBins
{
    private readonly Dictionary<int, long> _bins = [];

    public long Count { get; private set; }

    public long SumSeconds { get; private set; }

    public void Add(long seconds, int sign)
    {
        Count += sign;
        SumSeconds += sign * seconds;
        var bin = DurationBins.BinOf(seconds);
        var count = _bins.GetValueOrDefault(bin) + sign;
        if (count == 0)
        {
            _bins.Remove(bin);
        }
        else
        {
            _bins[bin] = count;
        }
    }

    public void Clear()
    {
        Count = SumSeconds = 0;
        _bins.Clear();
    }

    public void AddTo(CompletionBins total)
    {
        total.Count += Count;
        total.SumSeconds += SumSeconds;
        foreach (var (bin, count) in _bins)
        {
            total._bins[bin] = total._bins.GetValueOrDefault(bin) + count;
        }
    }

    public CompletionStats ToStats()
    {
        if (Count <= 0)
        {
            return CompletionStats.Empty;
        }

        var p50 = CompletionStats.NearestRank(0.5, Count);
        var p90 = CompletionStats.NearestRank(0.9, Count);
        long seen = 0, p50Seconds = 0, p90Seconds = 0;
        foreach (var bin in _bins.Keys.Order())
        {
            var before = seen;
            seen += _bins[bin];
            if (before < p50 && seen >= p50)
            {
                p50Seconds = DurationBins.LowerBound(bin);
            }

            if (before < p90 && seen >= p90)
            {
                p90Seconds = DurationBins.LowerBound(bin);
                break;
            }
        }

        return new CompletionStats(Count, SumSeconds / (double)Count, p50Seconds, p90Seconds);
    }
}
