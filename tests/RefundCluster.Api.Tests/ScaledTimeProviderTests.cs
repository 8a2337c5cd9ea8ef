using RefundCluster.Hosting;

namespace RefundCluster.Api.Tests;

/// <summary>The demo clock: long timers shrink by the scale, short ones never below 10 ms of real time (no spinning).</summary>
public sealed class ScaledTimeProviderTests
{
    [Fact]
    public async Task A_one_second_periodic_timer_at_3600x_ticks_at_most_every_10_ms_not_every_0_3_ms()
    {
        var clock = new ScaledTimeProvider(3600);
        var ticks = 0;
        using (clock.CreateTimer(_ => Interlocked.Increment(ref ticks), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        Assert.InRange(ticks, 1, 80); // unclamped it would be about 1,800
    }

    [Fact]
    public async Task A_long_timer_still_shrinks_by_the_scale()
    {
        var clock = new ScaledTimeProvider(3600);
        var fired = new TaskCompletionSource();
        var started = DateTime.UtcNow;
        using var timer = clock.CreateTimer(_ => fired.TrySetResult(), null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);

        await fired.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 0.9, 10); // one hour of platform time: one real second
    }
}
