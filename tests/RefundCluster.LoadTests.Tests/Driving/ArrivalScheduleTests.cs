using System.Diagnostics;
using RefundCluster.Performance.Pacing;

namespace RefundCluster.LoadTests.Tests.Driving;

public sealed class ArrivalScheduleTests
{
    private static readonly long F = Stopwatch.Frequency;

    [Fact]
    public void Iterations_are_spaced_one_over_the_rate_from_the_start()
    {
        var schedule = new ArrivalSchedule(StartTimestamp: 1_000, Rate: 250, Duration: TimeSpan.FromSeconds(2));

        Assert.Equal(500, schedule.Count);
        Assert.Equal(1_000, schedule.IntendedTimestamp(0));
        Assert.Equal(1_000 + (F / 250), schedule.IntendedTimestamp(1), tolerance: 1);
        Assert.Equal(1_000 + F, schedule.IntendedTimestamp(250), tolerance: 1);
        Assert.All(Enumerable.Range(1, 499), i => Assert.True(schedule.IntendedTimestamp(i) > schedule.IntendedTimestamp(i - 1)));
    }

    [Fact]
    public void Due_counts_follow_the_clock_and_stop_at_the_step_size()
    {
        var schedule = new ArrivalSchedule(StartTimestamp: F, Rate: 10, Duration: TimeSpan.FromSeconds(1));

        Assert.Equal(0, schedule.DueBy(F - 1));
        Assert.Equal(1, schedule.DueBy(F));
        Assert.Equal(6, schedule.DueBy(F + (F / 2)));
        Assert.Equal(10, schedule.DueBy(F * 5));
    }

    [Fact]
    public void A_fractional_rate_still_schedules_whole_iterations() =>
        Assert.Equal(7, new ArrivalSchedule(0, 0.5, TimeSpan.FromSeconds(15)).Count);
}
