namespace RefundCluster.Domain.Metrics;

/// <summary>
/// A rolling window of shop metrics, made of whole time buckets: the current bucket and the ones before it. Minute
/// buckets for the short windows, hour buckets for the long ones, so no window sums more than 720 buckets.
/// </summary>
public enum MetricWindow
{
    FiveMinutes,
    OneHour,
    OneDay,
    ThirtyDays,
}

public static class MetricWindows
{
    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public static IReadOnlyList<MetricWindow> All { get; } = Enum.GetValues<MetricWindow>();

    public static TimeSpan Length(this MetricWindow window) => window switch
    {
        MetricWindow.FiveMinutes => TimeSpan.FromMinutes(5),
        MetricWindow.OneHour => TimeSpan.FromHours(1),
        MetricWindow.OneDay => TimeSpan.FromDays(1),
        _ => TimeSpan.FromDays(30),
    };

    public static TimeSpan Granularity(this MetricWindow window) => window is MetricWindow.FiveMinutes or MetricWindow.OneHour ? Minute : Hour;

    public static int BucketCount(this MetricWindow window) => (int)(window.Length() / window.Granularity());

    /// <summary>The bucket a moment falls in, counted from the Unix epoch.</summary>
    public static long BucketOf(DateTimeOffset at, TimeSpan granularity) =>
        (long)Math.Floor((at - DateTimeOffset.UnixEpoch).Ticks / (double)granularity.Ticks);

    /// <summary>Whether a moment falls in the window ending at <paramref name="now"/> (bucket-aligned; the future is out).</summary>
    public static bool Contains(this MetricWindow window, DateTimeOffset at, DateTimeOffset now)
    {
        var granularity = window.Granularity();
        var bucket = BucketOf(at, granularity);
        var current = BucketOf(now, granularity);
        return bucket <= current && bucket > current - window.BucketCount();
    }

    /// <summary>The names the API uses: 5m, 1h, 24h, 30d.</summary>
    public static string Name(this MetricWindow window) => window switch
    {
        MetricWindow.FiveMinutes => "5m",
        MetricWindow.OneHour => "1h",
        MetricWindow.OneDay => "24h",
        _ => "30d",
    };

    public static bool TryParse(string? name, out MetricWindow window)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                window = candidate;
                return true;
            }
        }

        window = default;
        return false;
    }
}
