using System.Diagnostics;

namespace RefundCluster.Performance.Pacing;

/// <summary>
/// When each iteration of a replayed step is due: iteration i at start + <see cref="Offsets"/>[i] (the recorded
/// moments, already divided by the replay's speed, in ascending order), on the Stopwatch clock. Like
/// <see cref="ArrivalSchedule"/>, an open model: latency is measured from these times whatever the system does.
/// </summary>
public readonly record struct RecordedArrivals(long StartTimestamp, IReadOnlyList<TimeSpan> Offsets, TimeSpan Duration)
{
    public long Count => Offsets.Count;

    public long IntendedTimestamp(long iteration) => StartTimestamp + Ticks(Offsets[(int)iteration]);

    /// <summary>When the step ends: its duration, and never before its last arrival.</summary>
    public long EndTimestamp => StartTimestamp + Ticks(Offsets.Count > 0 && Offsets[^1] > Duration ? Offsets[^1] : Duration);

    private static long Ticks(TimeSpan offset) => (long)(offset.TotalSeconds * Stopwatch.Frequency);
}
