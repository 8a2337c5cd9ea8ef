using RefundCluster.LoadTests.Reporting;
using RefundCluster.LoadTests.Thresholds;

namespace RefundCluster.LoadTests.Tests.Thresholds;

public sealed class ThresholdTests
{
    private static readonly MeasuredFigures Figures = new(
        new LatencySummary(P50Ms: 4, P90Ms: 20, P99Ms: 48, P999Ms: 120, MaxMs: 900, MeanMs: 7), Requests: 10_000, Errors: 5, Rejected: 300, Rate: 1_800);

    [Theory]
    [InlineData("p99<50ms", 48, true)]
    [InlineData("p99<40ms", 48, false)]
    [InlineData("p50<=4ms", 4, true)]
    [InlineData("p99.9<0.1s", 120, false)]
    [InlineData("max<1s", 900, true)]
    [InlineData("errors<0.1%", 0.05, true)]
    [InlineData("errors<0.01%", 0.05, false)]
    [InlineData("rejected<5%", 3, true)]
    [InlineData("rate>=2000", 1800, false)]
    [InlineData("rate>1000/s", 1800, true)]
    public void Thresholds_compare_the_measured_figure(string expression, double actual, bool passed)
    {
        var result = Threshold.Parse(expression).Evaluate(Figures);

        Assert.Equal(expression, result.Expression);
        Assert.Equal(actual, result.Actual, precision: 3);
        Assert.Equal(passed, result.Passed);
    }

    [Theory]
    [InlineData("p99{kind=refund.requested}<50ms", 30, true)]
    [InlineData("p99{kind=refund.requested}<20ms", 30, false)]
    [InlineData("errors{kind=refund.requested}<1%", 2, false)]
    [InlineData("p99{kind=order.paid}<50ms", 0, false)] // never sent: a typo must not pass
    public void A_threshold_can_hold_one_request_kind(string expression, double actual, bool passed)
    {
        var figures = Figures with
        {
            OfKind = kind => kind == "refund.requested"
                ? MeasuredFigures.Of(new KindLatency(kind, 500, 10, new LatencySummary(5, 20, 30, 40, 50, 6)), 10)
                : null,
        };

        var result = Threshold.Parse(expression).Evaluate(figures);

        Assert.Equal(expression, result.Expression);
        Assert.Equal(actual, result.Actual, precision: 3);
        Assert.Equal(passed, result.Passed);
    }

    [Theory]
    [InlineData("rate{kind=batch}>=10")]
    [InlineData("rejected{kind=batch}<1%")]
    [InlineData("p99{kind=}<5ms")]
    [InlineData("p99")]
    [InlineData("p99<fast")]
    [InlineData("errors<5ms")]
    [InlineData("latency<5ms")]
    public void Malformed_thresholds_are_refused(string expression) =>
        Assert.Throws<ArgumentException>(() => Threshold.Parse(expression));

    [Fact]
    public void A_run_passes_only_if_every_threshold_held_and_the_audit_passed()
    {
        RunReport Report(bool threshold, AuditReport? audit) =>
            new("s", "t", "p", DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), [], [], [new ThresholdResult("x", 1, threshold)], audit, []);

        Assert.True(Report(true, null).Passed);
        Assert.True(Report(true, new AuditReport(3, 3, [])).Passed);
        Assert.False(Report(false, new AuditReport(3, 3, [])).Passed);
        Assert.False(Report(true, new AuditReport(3, 2, ["refund r1: expected succeeded, found closed"])).Passed);
    }
}
