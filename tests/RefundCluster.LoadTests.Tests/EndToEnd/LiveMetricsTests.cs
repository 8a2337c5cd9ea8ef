using RefundCluster.Testing;

namespace RefundCluster.LoadTests.Tests.EndToEnd;

/// <summary>
/// <c>--metrics-port</c>: while a run lasts, the driver serves its own figures for Prometheus, and every load-test
/// series the Grafana dashboard names (<c>loadtest_…</c>) is among them, with the events it sent counted; thresholds
/// on one request kind are judged on that kind.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LiveMetricsTests
{
    [Fact]
    public async Task A_run_serves_the_series_the_dashboard_reads_while_it_lasts()
    {
        var port = LoopbackPort.Free();
        var options = LoadTestOptions.Parse(
        [
            "--scenario", "lifecycle", "--rate", "150", "--duration", "4", "--warmup", "0", "--shops", "20", "--batch", "25",
            "--request-delay", "0.3", "--decision-delay", "0.3", "--seller-timer", "1", "--no-ceilings", "--metrics-port", $"{port}",
            "--threshold", "p99{kind=refund.requested}<30s", "--threshold", "errors{kind=order.paid}<1%",
        ]);
        using var console = new StringWriter();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var cancel = TestContext.Current.CancellationToken;

        var run = LoadTestRun.Execute(options, console, cancel);
        string? scrape = null;
        while (!run.IsCompleted)
        {
            try
            {
                var now = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics", cancel);
                scrape = now.Contains("loadtest_latency_milliseconds_bucket", StringComparison.Ordinal) ? now : scrape;
            }
            catch (HttpRequestException)
            {
                // Not listening yet (the embedded silo starts first), or gone at the end.
            }

            await Task.Delay(250, cancel);
        }

        var report = await run;
        Assert.True(report.Passed, console.ToString());
        // Per-kind thresholds judged on that kind's own figures.
        Assert.Equal(["p99{kind=refund.requested}<30s", "errors{kind=order.paid}<1%"], report.Thresholds.Select(t => t.Expression));
        Assert.True(report.Thresholds[0].Actual > 0, "refund.requested latencies were measured");
        Assert.Contains($"http://127.0.0.1:{port}/metrics", console.ToString(), StringComparison.Ordinal);
        Assert.NotNull(scrape);
        var exported = ObservabilityFiles.Exported(scrape);
        var named = ObservabilityFiles.DashboardQueries().SelectMany(ObservabilityFiles.Series)
            .Where(s => s.StartsWith("loadtest_", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(named.Count >= 5, $"The dashboard names {named.Count} load-test series.");
        Assert.True(named.All(exported.Contains), $"Not served by the driver: {string.Join(", ", named.Where(n => !exported.Contains(n)))}");
        Assert.True(ObservabilityFiles.Total(scrape, "loadtest_events_offered_total") > 0);
        Assert.Contains("kind=\"refund.requested\"", scrape, StringComparison.Ordinal);
        // The report's percentile spectra: the run, its step, every kind; HdrHistogram's text with its totals.
        Assert.Equal(["run", "step-1"], report.Spectra.Take(2).Select(s => s.Name));
        Assert.Contains(report.Spectra, s => s.Name == "kind-refund.requested");
        Assert.All(report.Spectra, s => Assert.Contains("Total count", s.Hgrm, StringComparison.Ordinal));
        // After the run the port is free again.
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetStringAsync($"http://127.0.0.1:{port}/metrics", cancel));
    }
}
