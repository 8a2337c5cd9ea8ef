using System.Diagnostics;
using HdrHistogram;
using RefundCluster.LoadTests.Reporting;

namespace RefundCluster.LoadTests.Measuring;

/// <summary>A thread-safe HdrHistogram of latencies in microseconds (1 µs to 1 h, 3 significant digits).</summary>
public sealed class LatencyHistogram
{
    private const long Highest = 3_600_000_000;
    private readonly LongConcurrentHistogram _micros = new(1, Highest, 3);

    public long Count => _micros.TotalCount;

    public void Record(long fromTimestamp, long toTimestamp)
    {
        var micros = (toTimestamp - fromTimestamp) * 1_000_000 / Stopwatch.Frequency;
        _micros.RecordValue(Math.Clamp(micros, 1, Highest));
    }

    public void AddTo(LatencyHistogram total) => total._micros.Add(_micros);

    public LatencySummary Summary() => Count == 0
        ? LatencySummary.Empty
        : new LatencySummary(Ms(50), Ms(90), Ms(99), Ms(99.9), _micros.GetMaxValue() / 1000.0, _micros.GetMean() / 1000.0);

    /// <summary>HdrHistogram's percentile-spectrum text (<c>.hgrm</c>, values in milliseconds): plotted by its tools, or read as is.</summary>
    public string PercentileSpectrum()
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        _micros.OutputPercentileDistribution(text, outputValueUnitScalingRatio: 1000.0);
        return text.ToString();
    }

    public double Ms(double percentile) => Count == 0 ? 0 : _micros.GetValueAtPercentile(percentile) / 1000.0;
}
