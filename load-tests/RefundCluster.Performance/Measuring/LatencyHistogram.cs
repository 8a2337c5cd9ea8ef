using System.Diagnostics;
using System.Globalization;
using HdrHistogram;

namespace RefundCluster.Performance.Measuring;

/// <summary>
/// A thread-safe HdrHistogram of latencies in microseconds (1 µs to 1 h, 3 significant digits), with the exact count,
/// sum and items carried by the recorded operations (e.g. rows per write) beside it.
/// </summary>
public sealed class LatencyHistogram
{
    private const long Highest = 3_600_000_000;
    private readonly LongConcurrentHistogram _micros = new(1, Highest, 3);
    private long _items;
    private long _totalMicros;

    public long Count => _micros.TotalCount;

    /// <summary>Items carried by the recorded operations (one each unless told otherwise).</summary>
    public long Items => Interlocked.Read(ref _items);

    /// <summary>The recorded latencies added up: the time spent in the operations (several at once count several times).</summary>
    public TimeSpan Total => TimeSpan.FromMicroseconds(Interlocked.Read(ref _totalMicros));

    public double MeanItems => Count == 0 ? 0 : (double)Items / Count;

    /// <summary>One operation from <paramref name="fromTimestamp"/> to <paramref name="toTimestamp"/> (Stopwatch timestamps).</summary>
    public void Record(long fromTimestamp, long toTimestamp, long items = 1) =>
        RecordMicros((toTimestamp - fromTimestamp) * 1_000_000 / Stopwatch.Frequency, items);

    /// <summary>One operation from <paramref name="startTimestamp"/> (a Stopwatch timestamp) until now.</summary>
    public void RecordSince(long startTimestamp, long items = 1) => Record(startTimestamp, Stopwatch.GetTimestamp(), items);

    /// <summary>A latency measured elsewhere (e.g. between two clocks' readings).</summary>
    public void RecordMs(double milliseconds, long items = 1) => RecordMicros((long)(milliseconds * 1000), items);

    private void RecordMicros(long micros, long items)
    {
        micros = Math.Clamp(micros, 1, Highest);
        Interlocked.Add(ref _items, items);
        Interlocked.Add(ref _totalMicros, micros);
        _micros.RecordValue(micros);
    }

    /// <summary>Adds everything recorded here to <paramref name="total"/>.</summary>
    public void AddTo(LatencyHistogram total)
    {
        total._micros.Add(_micros);
        Interlocked.Add(ref total._items, Items);
        Interlocked.Add(ref total._totalMicros, Interlocked.Read(ref _totalMicros));
    }

    /// <summary>A copy of what was recorded so far, to subtract later (<see cref="Since"/>).</summary>
    public LatencyHistogram Copy()
    {
        var copy = new LatencyHistogram();
        AddTo(copy);
        return copy;
    }

    /// <summary>What was recorded after <paramref name="earlier"/> (a <see cref="Copy"/> of this histogram taken before).</summary>
    public LatencyHistogram Since(LatencyHistogram earlier)
    {
        var since = new LatencyHistogram();
        foreach (var bucket in _micros.RecordedValues())
        {
            var added = bucket.CountAtValueIteratedTo - earlier._micros.GetCountAtValue(bucket.ValueIteratedTo);
            if (added > 0)
            {
                since._micros.RecordValueWithCount(bucket.ValueIteratedTo, added);
            }
        }

        since._items = Items - earlier.Items;
        since._totalMicros = Interlocked.Read(ref _totalMicros) - Interlocked.Read(ref earlier._totalMicros);
        return since;
    }

    /// <summary>The latency at <paramref name="percentile"/> (0–100), in milliseconds; 0 when nothing was recorded.</summary>
    public double PercentileMs(double percentile) => Count == 0 ? 0 : _micros.GetValueAtPercentile(percentile) / 1000.0;

    public double MaxMs => Count == 0 ? 0 : _micros.GetMaxValue() / 1000.0;

    /// <summary>The exact mean (from <see cref="Total"/>), in milliseconds; 0 when nothing was recorded.</summary>
    public double MeanMs => Count == 0 ? 0 : Total.TotalMilliseconds / Count;

    /// <summary>HdrHistogram's percentile-spectrum text (<c>.hgrm</c>, values in milliseconds): plotted by its tools, or read as is.</summary>
    public string PercentileSpectrum()
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        _micros.OutputPercentileDistribution(text, outputValueUnitScalingRatio: 1000.0);
        return text.ToString();
    }

    /// <summary>One line: calls, items (named <paramref name="itemName"/>) per call, latency percentiles and the time spent.</summary>
    public string Describe(string itemName) => Count == 0
        ? "none"
        : string.Create(CultureInfo.InvariantCulture,
            $"{Count:N0} calls, {Items:N0} {itemName} ({MeanItems:N1}/call), latency ms p50 {PercentileMs(50):N2} p99 {PercentileMs(99):N2} max {MaxMs:N2}, busy {Total.TotalSeconds:N1} s");
}
