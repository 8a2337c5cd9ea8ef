using System.Diagnostics;

namespace RefundCluster.Performance.Pacing;

/// <summary>
/// When each iteration of an open-model step is due: iteration i at start + i / rate, on the Stopwatch clock. Latency
/// is measured from these intended times, so a stall delays (and shows in) every iteration due during it
/// (no coordinated omission).
/// </summary>
public readonly record struct ArrivalSchedule(long StartTimestamp, double Rate, TimeSpan Duration)
{
    public long Count => Rate <= 0 ? 0 : (long)Math.Floor(Rate * Duration.TotalSeconds);

    public long IntendedTimestamp(long iteration) => StartTimestamp + (long)(iteration * (double)Stopwatch.Frequency / Rate);

    /// <summary>When the step ends: on schedule, not when its last iteration finishes.</summary>
    public long EndTimestamp => StartTimestamp + (long)(Duration.TotalSeconds * Stopwatch.Frequency);

    /// <summary>How many iterations are due by <paramref name="timestamp"/> (capped at <see cref="Count"/>).</summary>
    public long DueBy(long timestamp)
    {
        if (timestamp < StartTimestamp || Rate <= 0)
        {
            return 0;
        }

        var due = (long)Math.Floor((timestamp - StartTimestamp) * Rate / Stopwatch.Frequency) + 1;
        return Math.Min(due, Count);
    }
}
