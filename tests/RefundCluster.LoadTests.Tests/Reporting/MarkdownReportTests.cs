using RefundCluster.LoadTests.Reporting;

namespace RefundCluster.LoadTests.Tests.Reporting;

public sealed class MarkdownReportTests
{
    private static readonly string Markdown = MarkdownReport.Render(SampleReports.Run());

    [Fact]
    public void Headline_names_the_run_and_its_verdict()
    {
        Assert.StartsWith("# Load test: refund-burst — FAILED\n", Markdown, StringComparison.Ordinal);
        Assert.Contains("| Target | embedded (3 silos) |", Markdown, StringComparison.Ordinal);
        Assert.Contains("| Profile | step 50→400/s |", Markdown, StringComparison.Ordinal);
        Assert.Contains("| Started | 2025-11-11 09:30:00 +00:00 |", Markdown, StringComparison.Ordinal);
        Assert.Contains("| Duration | 30s |", Markdown, StringComparison.Ordinal);
        Assert.Contains("| Result | **FAILED** |", Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_table_has_a_row_per_step_with_the_warm_up_marked()
    {
        Assert.Contains("| Step | Duration | Target (iterations/s) | Achieved (iterations/s) | Requests/s | OK |", Markdown, StringComparison.Ordinal);
        Assert.Contains("| warm-up _(warm-up)_ | 10s | 50 | 49 | 49.5 | 495 | 0 | 0 | 4.20 | 8.10 | 15.5 | 22.0 | 31.7 |", Markdown, StringComparison.Ordinal);
        Assert.Contains("| steady-400 | 20s | 400 | 390 | 387 | 7,700 | 12 | 33 | 12.5 | 48.8 | 312 | 845 | 1,205 |", Markdown, StringComparison.Ordinal);
        Assert.Contains("_Target and achieved rates count iterations", Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Kinds_are_listed_for_measured_steps_only()
    {
        Assert.Contains("### steady-400", Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("### warm-up", Markdown, StringComparison.Ordinal);
        Assert.Contains("| refund.requested | 5,200 | 9 | 11.0 | 45.0 | 299 | 800 | 1,205 | 28.0 |", Markdown, StringComparison.Ordinal);
        Assert.Contains("| query.status | 2,545 | 3 | 3.30 | 9.90 | 41.2 | 77.7 | 99.5 | 5.50 |", Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_ceilings_and_audit_are_shown()
    {
        Assert.Contains("| error_rate < 0.01 | 0.0015 | ✓ |", Markdown, StringComparison.Ordinal);
        Assert.Contains("| p99 < 250ms | 312.4 | ✗ |", Markdown, StringComparison.Ordinal);
        Assert.Contains("| grain-ping | 15,500 | 3,875 requests/s | 25.0 % |", Markdown, StringComparison.Ordinal);
        Assert.Contains("| pg-upsert | 6,400 | 256 durable events/s | 4.0 % |", Markdown, StringComparison.Ordinal);
        Assert.Contains("| 5,200 | 5,199 | ✗ FAILED |", Markdown, StringComparison.Ordinal);
        Assert.Contains("1. refund r-000417: expected Refunded, found WaitingSellerResponse", Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_first_twenty_audit_failures_are_listed_and_pipes_are_escaped()
    {
        var failures = Enumerable.Range(1, 25).Select(i => $"refund r-{i:000} wrong").ToList();
        var report = SampleReports.Run("a|b") with { Audit = new AuditReport(100, 75, failures) };

        var markdown = MarkdownReport.Render(report);

        Assert.Contains("### Failures (first 20 of 25)", markdown, StringComparison.Ordinal);
        Assert.Contains("20. refund r-020 wrong", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("refund r-021", markdown, StringComparison.Ordinal);
        Assert.Contains("| Scenario | a\\|b |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_knee_search_names_its_scope_and_the_knee_in_iterations_per_second()
    {
        var knee = new KneeReport(400, "steady-400", "steady-800",
            [new StepVerdict("steady-400", 400, true, "p99<50ms: 12"), new StepVerdict("steady-800", 800, false, "p99<50ms: 90 ✗")]);
        var report = SampleReports.Run() with { Knee = knee, KneeSearch = true, ThresholdScope = "knee search: over the 1 step that held" };

        var markdown = MarkdownReport.Render(report);

        Assert.Contains("## Thresholds\n\n_knee search: over the 1 step that held._\n", markdown, StringComparison.Ordinal);
        Assert.Contains("**400 iterations/s** (steady-400); first breached at steady-800.", markdown, StringComparison.Ordinal);
        Assert.Contains("| Step | Target (iterations/s) | Thresholds |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_passing_run_says_so()
    {
        var report = SampleReports.Run() with
        {
            Thresholds = [new ThresholdResult("p99 < 500ms", 312.4, true)],
            Audit = new AuditReport(10, 10, []),
        };

        Assert.StartsWith("# Load test: refund-burst — PASSED\n", MarkdownReport.Render(report), StringComparison.Ordinal);
    }
}
