using System.Diagnostics;
using HdrHistogram;

namespace RefundCluster.Benchmarks.Measurement;

/// <summary>Thread-safe count, sum and latency distribution (microseconds) of one kind of operation.</summary>
public sealed class LatencyStats
{
    private readonly LongConcurrentHistogram _micros = new(1, TimeSpan.FromHours(1).Ticks / TimeSpan.TicksPerMicrosecond, 3);
    private long _count;
    private long _items;
    private long _totalTicks;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Items carried by the operations (e.g. rows per write).</summary>
    public long Items => Interlocked.Read(ref _items);

    public TimeSpan Total => TimeSpan.FromTicks(Interlocked.Read(ref _totalTicks));

    public double MeanItems => Count == 0 ? 0 : (double)Items / Count;

    public void Record(long startTimestamp, long items = 1)
    {
        var elapsed = Stopwatch.GetElapsedTime(startTimestamp);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _items, items);
        Interlocked.Add(ref _totalTicks, elapsed.Ticks);
        _micros.RecordValue(Math.Clamp(elapsed.Ticks / TimeSpan.TicksPerMicrosecond, 1, _micros.HighestTrackableValue));
    }

    /// <summary>A latency measured elsewhere (e.g. between two clocks' readings).</summary>
    public void RecordMs(double milliseconds)
    {
        var micros = Math.Clamp((long)(milliseconds * 1000), 1, _micros.HighestTrackableValue);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _totalTicks, micros * 10);
        _micros.RecordValue(micros);
    }

    public double PercentileMs(double percentile) => Count == 0 ? 0 : _micros.GetValueAtPercentile(percentile) / 1000.0;

    public double MaxMs => Count == 0 ? 0 : _micros.GetMaxValue() / 1000.0;

    public double MeanMs => Count == 0 ? 0 : Total.TotalMilliseconds / Count;

    public string Describe(string itemName) => Count == 0
        ? "none"
        : $"{Count:N0} calls, {Items:N0} {itemName} ({MeanItems:N1}/call), latency ms p50 {PercentileMs(50):N2} p99 {PercentileMs(99):N2} max {MaxMs:N2}, busy {Total.TotalSeconds:N1} s";
}
