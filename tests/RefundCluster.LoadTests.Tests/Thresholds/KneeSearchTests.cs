using RefundCluster.LoadTests.Reporting;
using RefundCluster.LoadTests.Targets;
using RefundCluster.LoadTests.Tests.Support;
using RefundCluster.LoadTests.Thresholds;

namespace RefundCluster.LoadTests.Tests.Thresholds;

/// <summary>
/// <c>--until-breach</c>: the breached last step is the expected end of the search. The run passes (exit code 0) when a
/// knee was found and the audit passed, and fails when even the first measured step breached or the audit failed.
/// </summary>
public sealed class KneeSearchTests
{
    private static StepReport Step(string name, double rate, double p99, bool warmup = false) =>
        new(name, rate, rate, TimeSpan.FromSeconds(10), warmup, 1000, 0, 0, new LatencySummary(1, 2, p99, p99, p99, 1), []);

    private static readonly IReadOnlyList<Threshold> P99Under50 = [Threshold.Parse("p99<50ms")];

    private static RunReport Report(IReadOnlyList<StepReport> steps, bool search, AuditReport? audit = null)
    {
        var knee = KneeFinder.Find(steps, P99Under50, search);
        var (judged, scope) = LoadTestRun.JudgedSteps(steps, knee, search);
        var worst = judged.Max(i => steps[i].Latency.P99Ms);
        var figures = new MeasuredFigures(new LatencySummary(1, 2, worst, worst, worst, 1), 1000, 0, 0, 100);
        return new RunReport("ingest", "fake", "steps", DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(30), steps, [],
            [.. P99Under50.Select(t => t.Evaluate(figures))], audit, []) { Knee = knee, KneeSearch = search, ThresholdScope = scope };
    }

    [Fact]
    public void A_knee_found_passes_though_the_last_step_breached()
    {
        var report = Report([Step("warm", 100, 900, warmup: true), Step("1x", 100, 10), Step("2x", 200, 30), Step("3x", 300, 70)], search: true);

        Assert.True(report.Passed);
        Assert.All(report.Thresholds, t => Assert.True(t.Passed));
        Assert.Equal(30, report.Thresholds.Single().Actual); // over 1x and 2x only
        Assert.Equal(200, report.Knee!.HighestHeldRate);
        Assert.Contains("over the 2 steps that held; 3x breached", report.ThresholdScope, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_search_the_same_steps_fail_on_the_overall_thresholds()
    {
        var report = Report([Step("1x", 100, 10), Step("2x", 200, 30), Step("3x", 300, 70)], search: false);

        Assert.False(report.Passed);
        Assert.Null(report.ThresholdScope);
    }

    [Fact]
    public void A_first_step_that_breaches_fails_the_search()
    {
        var report = Report([Step("warm", 100, 10, warmup: true), Step("1x", 100, 70)], search: true);

        Assert.False(report.Passed);
        Assert.NotNull(report.Knee); // reported even with one measured step
        Assert.Null(report.Knee.HighestHeldStep);
        Assert.Contains("no rate held", report.ThresholdScope, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_audit_fails_the_search()
    {
        var report = Report([Step("1x", 100, 10), Step("2x", 200, 70)], search: true, audit: new AuditReport(10, 9, ["refund r-1 lost"]));

        Assert.False(report.Passed);
    }

    [Fact]
    public void Holding_at_every_step_passes()
    {
        var report = Report([Step("1x", 100, 10), Step("2x", 200, 30)], search: true);

        Assert.True(report.Passed);
        Assert.Contains("every one of the 2 measured steps held", report.ThresholdScope, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_stops_at_the_breached_step_and_passes_with_the_knee_below_it()
    {
        // 20, 40, 60 requests/s; rate<45 breaks at the third step.
        var options = LoadTestOptions.Parse([
            "--scenario", "ingest", "--profile", "steps", "--peak", "20", "--to", "4x", "--step-duration", "1", "--warmup", "0",
            "--until-breach", "--threshold", "rate<45", "--no-audit", "--no-ceilings"]);
        await using var target = new FakeTarget((_, _, _) => new TargetResponse(200, "{}"));

        var report = await LoadTestRun.Execute(options, target, TextWriter.Null, TestContext.Current.CancellationToken);

        Assert.Equal(3, report.Steps.Count); // the 4x step never ran
        Assert.Equal(40, report.Knee!.HighestHeldRate);
        Assert.True(report.Passed, string.Join("; ", report.Thresholds.Select(t => $"{t.Expression}: {t.Actual}")));
        Assert.InRange(report.Thresholds.Single().Actual, 25, 35); // 60 requests over the 2 s that held
    }

    [Fact]
    public async Task A_run_whose_first_step_breaches_fails()
    {
        var options = LoadTestOptions.Parse([
            "--scenario", "ingest", "--profile", "steps", "--peak", "20", "--to", "3x", "--step-duration", "1", "--warmup", "0",
            "--until-breach", "--threshold", "errors<1%", "--no-audit", "--no-ceilings"]);
        await using var target = new FakeTarget((_, _, _) => new TargetResponse(500, "boom"));

        var report = await LoadTestRun.Execute(options, target, TextWriter.Null, TestContext.Current.CancellationToken);

        Assert.Single(report.Steps);
        Assert.False(report.Passed);
        Assert.Null(report.Knee!.HighestHeldStep);
    }
}
