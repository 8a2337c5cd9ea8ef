namespace RefundCluster.Domain.Tests.Support;

/// <summary>Fixed instants in the shop's local time (UTC+8), so tests read like the shop's calendar.</summary>
public static class Clock
{
    public static readonly TimeSpan China = TimeSpan.FromHours(8);

    /// <summary>Double-11, 10:00 local: inside default working hours (09:00–18:00).</summary>
    public static readonly DateTimeOffset Start = Local(2025, 11, 11, 10, 0);

    public static DateTimeOffset Local(int year, int month, int day, int hour, int minute, int second = 0) =>
        new(year, month, day, hour, minute, second, China);
}
