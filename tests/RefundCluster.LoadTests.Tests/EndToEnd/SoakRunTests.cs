using RefundCluster.LoadTests.Reporting;

namespace RefundCluster.LoadTests.Tests.EndToEnd;

/// <summary>
/// The soak's machinery on a short run against the embedded cluster: the target's /metrics read every 2 s while the
/// load runs, real figures in every sample, the verdict and the health table in the report, health.csv written. (The
/// hour-long soak is a documented command, not a test.)
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SoakRunTests
{
    [Fact]
    public async Task A_short_soak_samples_the_targets_health_and_judges_it()
    {
        var options = LoadTestOptions.Parse(["--scenario", "ingest", "--rate", "60", "--duration", "14", "--warmup", "1", "--shops", "5", "--soak", "--health-every", "2", "--no-ceilings"]);
        using var console = new StringWriter();

        var report = await LoadTestRun.Execute(options, console, TestContext.Current.CancellationToken);

        Assert.Null(report.HealthProblem);
        Assert.InRange(report.Health.Count, 7, 11); // at 0, every 2 s of about 15 s, and the closing one
        Assert.All(report.Health, s =>
        {
            Assert.True(s.WorkingSetMb > 20, $"working set {s.WorkingSetMb}");
            Assert.True(s.GcHeapMb > 0, $"GC heap {s.GcHeapMb}");
            Assert.NotNull(s.Gen2Collections);
            Assert.NotNull(s.ThreadPoolQueue);
            Assert.True(s.Activations > 0, $"activations {s.Activations}");
            Assert.True(s.Connections >= 1, $"connections {s.Connections}");
        });
        // The closing sample covers the fraction of a second after the last tick: too short to count answers in.
        var loaded = report.Health.SkipLast(1).Where(s => s.At > TimeSpan.FromSeconds(4)).ToList();
        Assert.All(loaded, s => Assert.True(s.Requests > 50 && s.P99Ms > 0, $"at {s.At}: {s.Requests} answers, p99 {s.P99Ms}"));
        Assert.True(loaded[^1].Activations > report.Health[0].Activations, "the ingest run's orders should be active grains by its end");
        Assert.NotNull(report.Soak);
        Assert.True(report.Soak.Judged, report.Soak.Window);
        Assert.Equal(3, report.Soak.Checks.Count);
        Assert.Equal(report.Soak.Passed && report.Thresholds.All(t => t.Passed) && report.Audit?.Passed != false, report.Passed);

        var markdown = MarkdownReport.Render(report);
        Assert.Contains("## Target health over the run", markdown, StringComparison.Ordinal);
        Assert.Contains("## Soak — ", markdown, StringComparison.Ordinal);
        var folder = Path.Combine(Path.GetTempPath(), $"soak-{Guid.NewGuid():N}");
        try
        {
            ReportWriter.Write(report, folder);
            var csv = File.ReadAllLines(Path.Combine(folder, ReportWriter.HealthFileName));
            Assert.Equal("second,working_set_mb,gc_heap_mb,gen2_collections,activations,thread_pool_queue,connections,answers,p99_ms", csv[0]);
            Assert.Equal(report.Health.Count + 1, csv.Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
