using Microsoft.Extensions.Options;

namespace RefundCluster.Grains.Deadlines;

/// <summary>
/// Wakes a grain when its earliest deadline is due: a grain timer while the grain is active, backed by a reminder
/// that survives deactivation and silo loss. Whatever wakes the grain, it re-checks every deadline against the clock,
/// so a duplicate or late wake-up is harmless and a missed one is caught at the next activation.
/// </summary>
public sealed class DeadlineAlarm(Grain grain, TimeProvider time, IOptions<DeadlineOptions> options, Func<Task> onDue)
{
    public const string ReminderName = "deadline";

    private IGrainTimer? _timer;

    /// <summary>When the backstop reminder is due; persisted by the owner so that it is not re-registered on every event.</summary>
    public DateTimeOffset? ReminderDue { get; set; }

    public async Task Arm(DateTimeOffset? next)
    {
        _timer?.Dispose();
        _timer = null;
        var now = time.GetUtcNow();
        if (next is null)
        {
            await Disarm();
            return;
        }

        var delay = Max(next.Value - now, TimeSpan.Zero);
        _timer = grain.RegisterGrainTimer(onDue, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { KeepAlive = false });

        // A reminder due later than the deadline would wake a deactivated grain too late; one due earlier is fine,
        // unless it already fired and only ticks by its period now.
        if (ReminderDue is null || ReminderDue <= now || ReminderDue > next + options.Value.ReminderSlack)
        {
            var realDue = (delay + options.Value.ReminderSlack) / options.Value.TimeScale;
            await grain.RegisterOrUpdateReminder(ReminderName, realDue, options.Value.ReminderPeriod);
            ReminderDue = next + options.Value.ReminderSlack;
        }
    }

    private async Task Disarm()
    {
        if (ReminderDue is null)
        {
            return;
        }

        if (await grain.GetReminder(ReminderName) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }

        ReminderDue = null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
