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

    [Fact]
    public async Task A_mix_of_lifecycles_and_shop_queries_with_a_feed_passes_both_audits()
    {
        var feed = Path.Combine(Path.GetTempPath(), $"feed-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(feed, ["sku,amount,weight", "SKU-HOT,59.9,3", "SKU-COLD,120,1"], TestContext.Current.CancellationToken);
        try
        {
            var options = LoadTestOptions.Parse([
                "--scenario", "lifecycle=0.6,shop-queries=0.4", "--feed", feed, "--rate", "100", "--duration", "3", "--warmup", "0", "--shops", "10",
                "--batch", "25", "--request-delay", "0.3", "--decision-delay", "0.3", "--seller-timer", "1", "--no-ceilings",
            ]);
            using var console = new StringWriter();

            var report = await LoadTestRun.Execute(options, console, TestContext.Current.CancellationToken);

            Assert.True(report.Passed, console.ToString());
            Assert.True(report.Lifecycles is { Passed: true, Checked: > 30 }, console.ToString());
            Assert.True(report.Audit is { Passed: true }, console.ToString());
            var kinds = report.Steps.Single().Kinds.Select(k => k.Kind).ToHashSet();
            Assert.Contains("refund.approved", kinds);
            Assert.Contains("query.metrics", kinds);
            Assert.Contains("2 items from", console.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(feed);
        }
    }
}
