using RefundCluster.LoadTests.Measuring;
using RefundCluster.LoadTests.Reporting;

namespace RefundCluster.LoadTests.Tests.Reporting;

public sealed class SoakVerdictTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>One sample a minute for an hour: memory and p99 from the given functions of the minute.</summary>
    private static List<HealthSample> Hourly(Func<int, double> memory, Func<int, double> p99) =>
        [.. Enumerable.Range(0, 61).Select(m => new HealthSample(TimeSpan.FromMinutes(m), memory(m), memory(m) / 2, m, 1000, 0, 10, p99(m), 6000))];

    [Fact]
    public void Memory_that_saws_up_and_down_around_a_level_and_a_steady_p99_pass()
    {
        var verdict = SoakVerdict.Judge(Hourly(m => m % 2 == 0 ? 400 : 460, m => 80 + (m % 3)), Hour);

        Assert.True(verdict.Judged);
        Assert.True(verdict.Passed, string.Join("; ", verdict.Checks.Select(c => $"{c.Figure} {c.Change:P1}")));
        Assert.Equal(["working set MB", "GC heap MB", "p99 ms"], verdict.Checks.Select(c => c.Figure));
    }

    [Fact]
    public void Memory_that_keeps_growing_over_the_last_40_minutes_fails_even_though_each_step_is_small()
    {
        var verdict = SoakVerdict.Judge(Hourly(m => 400 + (3 * m), _ => 80), Hour);

        Assert.False(verdict.Passed);
        Assert.False(verdict.Checks.Single(c => c.Figure == "working set MB").Passed);
        Assert.True(verdict.Checks.Single(c => c.Figure == "p99 ms").Passed);
    }

    [Fact]
    public void Growth_in_the_first_third_is_warm_up_and_not_judged()
    {
        var verdict = SoakVerdict.Judge(Hourly(m => m < 20 ? 100 + (15 * m) : 400, _ => 80), Hour);

        Assert.True(verdict.Passed);
    }

    [Fact]
    public void A_p99_that_doubles_fails_while_one_that_falls_passes()
    {
        Assert.False(SoakVerdict.Judge(Hourly(_ => 400, m => m < 40 ? 80 : 200), Hour).Passed);
        Assert.True(SoakVerdict.Judge(Hourly(_ => 400, m => m < 40 ? 200 : 80), Hour).Passed);
    }

    [Fact]
    public void Too_few_samples_or_no_figures_never_pass()
    {
        var few = SoakVerdict.Judge(Hourly(_ => 400, _ => 80).Where(s => s.At.TotalMinutes % 20 == 0).ToList(), Hour);
        var blind = SoakVerdict.Judge([.. Enumerable.Range(0, 61).Select(m => new HealthSample(TimeSpan.FromMinutes(m), null, null, null, null, null, null, 80, 6000))], Hour);

        Assert.False(few.Judged);
        Assert.False(few.Passed);
        Assert.True(blind.Judged);
        Assert.False(blind.Passed);
    }
}
