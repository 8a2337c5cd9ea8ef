namespace RefundCluster.LoadTests.Tests.EndToEnd;

/// <summary>
/// Each scenario for a few seconds against the embedded cluster (a real silo and HTTP API in this process): no errors,
/// thresholds evaluated, and the correctness audit passes.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ScenarioRunTests
{
    [Theory]
    [InlineData("ingest", false)]
    [InlineData("double11", true)]
    [InlineData("shop-queries", false)]
    public async Task A_short_run_against_the_embedded_cluster_passes_its_audit(string scenario, bool ceilings)
    {
        string[] args = ["--scenario", scenario, "--rate", "40", "--duration", "3", "--warmup", "1", "--shops", "5", "--threshold", "errors<1%", "--threshold", "p99<5s"];
        var options = LoadTestOptions.Parse(ceilings ? args : [.. args, "--no-ceilings"]);
        using var console = new StringWriter();

        var report = await LoadTestRun.Execute(options, console, TestContext.Current.CancellationToken);

        var measured = report.Steps.Single(s => !s.Warmup);
        Assert.True(measured.Ok >= 100, $"expected at least 120 requests, got {measured.Ok}: {console}");
        Assert.Equal(0, measured.Errors);
        Assert.All(report.Thresholds, t => Assert.True(t.Passed, $"{t.Expression}: {t.Actual}"));
        Assert.NotNull(report.Audit);
        Assert.True(report.Audit.Passed, string.Join(Environment.NewLine, report.Audit.Failures));
        Assert.True(report.Audit.Checked > 0);
        Assert.NotEmpty(report.Timeline);
        Assert.True(report.Passed);
        if (ceilings)
        {
            Assert.Equal(2, report.Ceilings.Count);
            Assert.All(report.Ceilings, c => Assert.True(c.OperationsPerSecond > 100 && c.ScenarioShare is > 0 and < 1, $"{c.Name}: {c.OperationsPerSecond}/s, share {c.ScenarioShare}"));
        }
    }
}
