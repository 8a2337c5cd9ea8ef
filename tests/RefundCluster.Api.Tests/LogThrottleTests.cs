using RefundCluster.Grains.Telemetry;

namespace RefundCluster.Api.Tests;

/// <summary>A warning repeated per request is written once a window, with how many were left out since the last line.</summary>
public sealed class LogThrottleTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void The_first_of_a_window_is_written_and_the_next_line_counts_the_rest()
    {
        var clock = new ManualClock();
        var throttle = new LogThrottle(clock, TimeSpan.FromSeconds(10));

        Assert.True(throttle.ShouldWrite(out var first));
        Assert.Equal(0, first);
        for (var i = 0; i < 999; i++)
        {
            clock.Now += TimeSpan.FromMilliseconds(5);
            Assert.False(throttle.ShouldWrite(out _));
        }

        clock.Now += TimeSpan.FromSeconds(10);
        Assert.True(throttle.ShouldWrite(out var leftOut));
        Assert.Equal(999, leftOut);
        clock.Now += TimeSpan.FromSeconds(11);
        Assert.True(throttle.ShouldWrite(out var none));
        Assert.Equal(0, none);
    }

    [Fact]
    public void Concurrent_callers_write_one_line_a_window()
    {
        var throttle = new LogThrottle(new ManualClock(), TimeSpan.FromSeconds(10));
        var written = 0;

        Parallel.For(0, 10_000, _ =>
        {
            if (throttle.ShouldWrite(out _))
            {
                Interlocked.Increment(ref written);
            }
        });

        Assert.Equal(1, written);
    }
}
