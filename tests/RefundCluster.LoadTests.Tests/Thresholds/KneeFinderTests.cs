using RefundCluster.LoadTests.Reporting;
using RefundCluster.LoadTests.Tests.Reporting;
using RefundCluster.LoadTests.Thresholds;

namespace RefundCluster.LoadTests.Tests.Thresholds;

public sealed class KneeFinderTests
{
    private static StepReport Step(string name, double rate, double p99, bool warmup = false) =>
        new(name, rate, rate, TimeSpan.FromSeconds(10), warmup, 1000, 0, 0, new LatencySummary(1, 2, p99, p99, p99, 1), []);

    private static readonly IReadOnlyList<Threshold> P99Under50 = [Threshold.Parse("p99<50ms")];

    [Fact]
    public void The_knee_is_the_highest_rate_before_the_first_breach()
    {
        var knee = KneeFinder.Find([Step("warm", 100, 900, warmup: true), Step("1x", 100, 10), Step("2x", 200, 30), Step("3x", 300, 70), Step("4x", 400, 20)], P99Under50);

        Assert.NotNull(knee);
        Assert.Equal(200, knee.HighestHeldRate);
        Assert.Equal("2x", knee.HighestHeldStep);
        Assert.Equal("3x", knee.FirstBreachedStep);
        Assert.Equal([true, true, false, true], knee.Steps.Select(s => s.Held));
    }

    [Fact]
    public void Holding_everywhere_names_the_last_step_and_no_breach()
    {
        var knee = KneeFinder.Find([Step("1x", 100, 10), Step("2x", 200, 30)], P99Under50)!;

        Assert.Equal(("2x", (string?)null), (knee.HighestHeldStep, knee.FirstBreachedStep));
    }

    [Fact]
    public void A_cold_first_step_that_a_heavier_step_beats_is_flagged()
    {
        var cold = KneeFinder.Find([Step("1x", 100, 90), Step("2x", 200, 30), Step("3x", 300, 70)], P99Under50)!;
        var breakingEverywhere = KneeFinder.Find([Step("1x", 100, 60), Step("2x", 200, 80)], P99Under50)!;
        var warm = KneeFinder.Find([Step("1x", 100, 10), Step("2x", 200, 80)], P99Under50)!;

        Assert.Contains("1x, 100/s", cold.ColdStartWarning, StringComparison.Ordinal);
        Assert.Contains("2x, 200/s", cold.ColdStartWarning, StringComparison.Ordinal);
        Assert.Contains("--warmup", cold.ColdStartWarning, StringComparison.Ordinal);
        Assert.Null(breakingEverywhere.ColdStartWarning);
        Assert.Null(warm.ColdStartWarning);
        Assert.Contains("**Warning:**", MarkdownReport.Render(SampleReports.Run() with { Knee = cold }), StringComparison.Ordinal);
        Assert.Contains("class=\"warning\"", HtmlReport.Render(SampleReports.Run() with { Knee = cold }), StringComparison.Ordinal);
    }

    [Fact]
    public void Breaking_at_once_reports_no_rate_held()
    {
        var knee = KneeFinder.Find([Step("1x", 100, 60), Step("2x", 200, 80)], P99Under50)!;

        Assert.Equal(0, knee.HighestHeldRate);
        Assert.Null(knee.HighestHeldStep);
    }

    [Fact]
    public void No_thresholds_or_a_single_step_has_no_knee()
    {
        Assert.Null(KneeFinder.Find([Step("1x", 100, 10), Step("2x", 200, 30)], []));
        Assert.Null(KneeFinder.Find([Step("only", 100, 10)], P99Under50));
    }
}
