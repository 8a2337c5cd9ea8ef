namespace RefundCluster.Domain.Metrics;

/// <summary>A moment as UTC ticks in the book's compact records, with a sentinel for none.</summary>
internal static class UtcTicks
{
    public const long None = long.MinValue;

    public static long Of(DateTimeOffset? at) => at?.UtcTicks ?? None;

    public static DateTimeOffset? ToTime(long utcTicks) => utcTicks == None ? null : new DateTimeOffset(utcTicks, TimeSpan.Zero);
}
