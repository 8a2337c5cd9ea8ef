using System.Diagnostics;

namespace RefundCluster.LoadTests.Driving;

/// <summary>
/// The open model's clock: from a dedicated thread, starts iteration i of an <see cref="ArrivalSchedule"/> at its
/// intended time, whatever earlier iterations are doing. It sleeps until the next arrival (waking within about a
/// millisecond; the pool's timers often later), and it never spins: the system under test may share these cores. Also used by
/// benchmarks/RefundCluster.Benchmarks (its open-model reads and ingestion).
/// </summary>
public static class Pacer
{
    /// <param name="start">
    /// Called on the pacing thread with each iteration's number and intended timestamp; hand the work to the pool and
    /// return at once. Latency measured from the intended timestamp carries any delay (no coordinated omission).
    /// </param>
    /// <returns>Completes once every iteration was started and the schedule's duration has passed (not when they finish).</returns>
    public static Task Run(double rate, TimeSpan duration, Action<long, long> start, CancellationToken cancellationToken, string name = "pacer")
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                var schedule = new ArrivalSchedule(Stopwatch.GetTimestamp(), rate, duration);
                for (long i = 0; i < schedule.Count && !cancellationToken.IsCancellationRequested; i++)
                {
                    var intended = schedule.IntendedTimestamp(i);
                    SleepUntil(intended, cancellationToken);
                    start(i, intended);
                }

                SleepUntil(schedule.EndTimestamp, cancellationToken);
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
