namespace RefundCluster.Cluster.Tests.Support;

/// <summary>Bounded polling for work that timers and reminders do in the background after the clock moves.</summary>
public static class Wait
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Time for background work that should NOT happen to show itself, before asserting that it did not.</summary>
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(250);

    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null, Action? betweenPolls = null)
    {
        var giveUp = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var last = await read();
        while (!done(last))
        {
            if (DateTime.UtcNow > giveUp)
            {
                Assert.Fail($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds} s waiting for {what}. Last seen: {last}");
            }

            await Task.Delay(PollInterval, TestContext.Current.CancellationToken);
            betweenPolls?.Invoke();
            last = await read();
        }

        return last;
    }

    public static Task Quiet() => Task.Delay(QuietPeriod, TestContext.Current.CancellationToken);
}
