namespace RefundCluster.Domain.Policies;

/// <summary>
/// Working days (Monday to Friday) in the shop's local time: the platform's judgment promise is "3–5 working days"
/// (seed 002). Public holidays are not modelled.
/// </summary>
public static class WorkingDays
{
    /// <summary>The same time of day, <paramref name="days"/> working days later (a weekend start counts from Monday).</summary>
    public static DateTimeOffset Add(DateTimeOffset from, int days, int utcOffsetHours)
    {
        var at = from.ToOffset(TimeSpan.FromHours(utcOffsetHours));
        for (var added = 0; added < days;)
        {
            at = at.AddDays(1);
            if (at.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                added++;
            }
        }

        return at;
    }
}
