using System.Diagnostics;
using RefundCluster.Performance.Pacing;

namespace RefundCluster.LoadTests.Tests.Driving;

public sealed class PacerTests
{
    [Fact]
    public async Task Starts_every_iteration_in_order_never_before_its_time_and_ends_with_the_schedule()
    {
        var started = new List<(long Iteration, long Intended, long At)>();
        var clock = Stopwatch.StartNew();

        await Pacer.Run(100, TimeSpan.FromMilliseconds(500), (i, intended) => started.Add((i, intended, Stopwatch.GetTimestamp())), TestContext.Current.CancellationToken);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(500), $"ended after {clock.Elapsed}");
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), started.Select(s => s.Iteration));
        Assert.All(started, s => Assert.True(s.At >= s.Intended));
        Assert.All(started.Zip(started.Skip(1)), pair => Assert.InRange(pair.Second.Intended - pair.First.Intended, Stopwatch.Frequency / 100 - 1, Stopwatch.Frequency / 100 + 1));
    }

    [Fact]
    public async Task Recorded_arrivals_start_at_their_offsets_and_the_step_lasts_at_least_until_the_last()
    {
        var started = new List<(long Iteration, long Intended, long At)>();
        var clock = Stopwatch.StartNew();
        TimeSpan[] offsets = [TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(300)];

        await Pacer.Run(offsets, TimeSpan.FromMilliseconds(100), (i, intended) => started.Add((i, intended, Stopwatch.GetTimestamp())), TestContext.Current.CancellationToken);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300), $"ended after {clock.Elapsed}");
        Assert.Equal([0L, 1, 2, 3], started.Select(s => s.Iteration));
        Assert.All(started, s => Assert.True(s.At >= s.Intended));
        var start = started[0].Intended;
        Assert.Equal(offsets.Select(o => (long)(o.TotalSeconds * Stopwatch.Frequency)), started.Select(s => s.Intended - start));
        Assert.Equal(start + (long)(0.3 * Stopwatch.Frequency), new RecordedArrivals(start, offsets, TimeSpan.FromMilliseconds(100)).EndTimestamp);
    }

    [Fact]
    public async Task A_failing_start_fails_the_run()
    {
        var run = Pacer.Run(100, TimeSpan.FromSeconds(1), (_, _) => throw new InvalidOperationException("boom"), TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<InvalidOperationException>(() => run);
    }
}
