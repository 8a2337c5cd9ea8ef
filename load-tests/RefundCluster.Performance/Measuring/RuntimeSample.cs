namespace RefundCluster.Performance.Measuring;

/// <summary>
/// This process's runtime at one moment, cumulative since it started: collections by generation, time paused for
/// them, bytes allocated, and the probe's histograms of scheduling lag and of single collections' pauses.
/// </summary>
public sealed record RuntimeSample(int Gen0, int Gen1, int Gen2, TimeSpan GcPause, long Allocated, LatencyHistogram Lag, LatencyHistogram GcPauses)
{
    /// <summary>What the runtime did between <paramref name="earlier"/> and this sample.</summary>
    public RuntimeUse Since(RuntimeSample earlier)
    {
        var lag = Lag.Since(earlier.Lag);
        return new RuntimeUse(
            Gen0 - earlier.Gen0, Gen1 - earlier.Gen1, Gen2 - earlier.Gen2, GcPause - earlier.GcPause, GcPauses.Since(earlier.GcPauses).MaxMs,
            Allocated - earlier.Allocated, lag.PercentileMs(99), lag.MaxMs);
    }
}
