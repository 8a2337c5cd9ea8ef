namespace RefundCluster.Grains.Deadlines;

/// <summary>How deadline timers are backed by reminders.</summary>
public sealed class DeadlineOptions
{
    public const string Section = "Deadlines";

    /// <summary>
    /// The reminder fires this long after the deadline: the in-memory grain timer should have fired first, the reminder
    /// is the backstop that re-activates a grain that was deactivated or lost with its silo.
    /// </summary>
    public TimeSpan ReminderSlack { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Period of the backstop reminder (a reminder tick missed while the cluster was down comes one period later).</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How much faster the grains' clock runs than the reminder service's (the demo time scale). Reminders stay on
    /// real time, so that the reminder service's own housekeeping is not sped up; their due times are shrunk instead.
    /// </summary>
    public double TimeScale { get; set; } = 1;
}
