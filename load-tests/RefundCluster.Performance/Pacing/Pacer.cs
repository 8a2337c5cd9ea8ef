using System.Diagnostics;

namespace RefundCluster.Performance.Pacing;

/// <summary>
/// The open model's clock: from a dedicated thread, starts iteration i of an <see cref="ArrivalSchedule"/> (or of a
/// replay's <see cref="RecordedArrivals"/>) at its intended time, whatever earlier iterations are doing. It sleeps until the next arrival (waking within about a
/// millisecond; the pool's timers often later), and it never spins: the system under test may share these cores. The load
/// tool's open steps and the benchmarks' open models both run on it.
/// </summary>
public static class Pacer
{
    /// <param name="start">
    /// Called on the pacing thread with each iteration's number and intended timestamp; hand the work to the pool and
    /// return at once. Latency measured from the intended timestamp carries any delay (no coordinated omission).
    /// </param>
    /// <returns>Completes once every iteration was started and the schedule's duration has passed (not when they finish).</returns>
    public static Task Run(double rate, TimeSpan duration, Action<long, long> start, CancellationToken cancellationToken, string name = "pacer") =>
        Run(now =>
        {
            var schedule = new ArrivalSchedule(now, rate, duration);
            return (schedule.Count, schedule.IntendedTimestamp, schedule.EndTimestamp);
        }, start, cancellationToken, name);

    /// <summary>
    /// Starts iteration i at the step's start plus <paramref name="offsets"/>[i] (ascending; a replay's recorded
    /// moments divided by its speed: <see cref="RecordedArrivals"/>), and completes once the last was started and
    /// <paramref name="duration"/> has passed.
    /// </summary>
    public static Task Run(IReadOnlyList<TimeSpan> offsets, TimeSpan duration, Action<long, long> start, CancellationToken cancellationToken, string name = "pacer") =>
        Run(now =>
        {
            var schedule = new RecordedArrivals(now, offsets, duration);
            return (schedule.Count, schedule.IntendedTimestamp, schedule.EndTimestamp);
        }, start, cancellationToken, name);

    private static Task Run(
        Func<long, (long Count, Func<long, long> Intended, long End)> scheduleFrom, Action<long, long> start, CancellationToken cancellationToken, string name)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                var (count, intendedOf, end) = scheduleFrom(Stopwatch.GetTimestamp());
                for (long i = 0; i < count && !cancellationToken.IsCancellationRequested; i++)
                {
                    var intended = intendedOf(i);
                    SleepUntil(intended, cancellationToken);
                    start(i, intended);
                }

                SleepUntil(end, cancellationToken);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }) { IsBackground = true, Name = name };
        thread.Start();
        return done.Task;
    }

    /// <summary>
    /// Sleeps until the timestamp (whole milliseconds, rounded up: a wake-up per arrival, not per millisecond; the
    /// system under test shares these cores). Checks the token at least every 100 ms.
    /// </summary>
    private static void SleepUntil(long timestamp, CancellationToken cancellationToken)
    {
        long now;
        while ((now = Stopwatch.GetTimestamp()) < timestamp && !cancellationToken.IsCancellationRequested)
        {
            var ticksPerMs = Stopwatch.Frequency / 1000;
            Thread.Sleep((int)Math.Clamp((timestamp - now + ticksPerMs - 1) / ticksPerMs, 1, 100));
        }
    }
}
