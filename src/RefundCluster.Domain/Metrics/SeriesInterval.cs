namespace RefundCluster.Domain.Metrics;

/// <summary>The step of a shop's indicator series: hours (UTC hours) or days (from midnight at the caller's UTC offset).</summary>
public enum SeriesInterval
{
    Hour,
    Day,
}

public static class SeriesIntervals
{
    /// <summary>How far back a series reaches: the book keeps hour buckets for 31 days, the 30-day window's.</summary>
    public static readonly TimeSpan Reach = TimeSpan.FromDays(31);

    public static TimeSpan Length(this SeriesInterval interval) => interval == SeriesInterval.Hour ? MetricWindows.Hour : TimeSpan.FromDays(1);

    /// <summary>The names the API uses: hour, day.</summary>
    public static string Name(this SeriesInterval interval) => interval == SeriesInterval.Hour ? "hour" : "day";

    public static bool TryParse(string? name, out SeriesInterval interval)
    {
        foreach (var candidate in Enum.GetValues<SeriesInterval>())
        {
            if (string.Equals(candidate.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                interval = candidate;
                return true;
            }
        }

        interval = default;
        return false;
    }

    /// <summary>
    /// The start of the step a moment falls in: its UTC hour, or the midnight before it at <paramref name="offset"/>
    /// (a whole number of hours, so a day is 24 hour buckets).
    /// </summary>
    public static DateTimeOffset StartOf(this SeriesInterval interval, DateTimeOffset at, TimeSpan offset)
    {
        var length = interval.Length();
        var shift = interval == SeriesInterval.Day ? offset : TimeSpan.Zero;
        var ticks = (at.UtcTicks + shift.Ticks) / length.Ticks * length.Ticks;
        return new DateTimeOffset(ticks - shift.Ticks, TimeSpan.Zero);
    }

    /// <summary>The window whose figures one step holds (an hour's, or a day's 24 hours).</summary>
    public static MetricWindow Window(this SeriesInterval interval) => interval == SeriesInterval.Hour ? MetricWindow.OneHour : MetricWindow.OneDay;
}
