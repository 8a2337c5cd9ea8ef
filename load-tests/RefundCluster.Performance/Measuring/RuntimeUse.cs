namespace RefundCluster.Performance.Measuring;

/// <summary>
/// What this process's runtime did over an interval: collections, their pauses (all of them; the longest one the
/// probe saw), bytes allocated, and how late a 20 ms tick of the thread pool ran (a direct sign of CPU saturation).
/// </summary>
public sealed record RuntimeUse(int Gen0, int Gen1, int Gen2, TimeSpan GcPause, double LongestGcPauseMs, long Allocated, double LagP99Ms, double LagMaxMs)
{
    /// <summary>Bytes allocated per unit of work (e.g. per deadline registered or fired).</summary>
    public double AllocatedPer(long units) => units == 0 ? 0 : (double)Allocated / units;
}
