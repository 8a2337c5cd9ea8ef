using RefundCluster.LoadTests.Reporting;
using RefundCluster.LoadTests.Tests.Support;

namespace RefundCluster.LoadTests.Tests.EndToEnd;

/// <summary>
/// The lifecycle scenario against the embedded cluster (a real silo and HTTP API in this process), with short stage
/// delays and a 1 s seller timer: every lifecycle ends as it should with its payout, and the report has the event,
/// status and cost figures.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LifecycleRunTests
{
    private static readonly string[] Short =
    [
        "--scenario", "lifecycle", "--rate", "120", "--duration", "3", "--warmup", "0", "--shops", "20", "--batch", "25",
        "--request-delay", "0.3", "--decision-delay", "0.3", "--seller-timer", "1", "--no-ceilings",
    ];

    [Fact]
    public async Task A_short_lifecycle_run_on_memory_passes_its_lifecycle_audit()
    {
        var options = LoadTestOptions.Parse(Short);
        using var console = new StringWriter();

        var report = await LoadTestRun.Execute(options, console, TestContext.Current.CancellationToken);

        var lifecycles = report.Lifecycles;
        Assert.NotNull(lifecycles);
        Assert.True(lifecycles.Passed, $"{string.Join(Environment.NewLine, lifecycles.Examples)}{Environment.NewLine}{console}");
        Assert.True(lifecycles.Checked >= 100, $"{lifecycles.Checked} lifecycles checked");
        Assert.Equal(lifecycles.Lifecycles, lifecycles.Checked + lifecycles.Skipped);
        Assert.Equal("the embedded silo's payout store", lifecycles.PayoutSource);
        Assert.Contains("refunded by the seller", lifecycles.Expected.Keys);
        Assert.Contains("refunded by the seller timer", lifecycles.Expected.Keys);
        Assert.Contains("refused by the seller", lifecycles.Expected.Keys);
        Assert.True(report.Passed, console.ToString());

        var step = Assert.Single(report.Steps);
        Assert.True(step.Batches > 0 && step.EventsOffered > 250, $"{step.Batches} batches, {step.EventsOffered} events");
        Assert.Equal(step.EventsOffered, step.Events + step.NotApplied.Values.Sum());
        Assert.Equal(step.Batches, step.StatusCodes.Values.Sum());
        var workload = report.Workload!;
        Assert.NotNull(workload.BatchLatency);
        Assert.Equal(step.Events, workload.EventsApplied);
        var run = report.Resources!.Run;
        Assert.Null(run.Database); // memory storage: no PostgreSQL counters
        Assert.True(run.SiloCpuMs > 0 && run.EventsApplied == step.Events, $"{run.SiloCpuMs} ms over {run.EventsApplied} events");
        Assert.Contains("embedded", report.Resources.SiloNote, StringComparison.Ordinal);

        var markdown = MarkdownReport.Render(report);
        foreach (var section in new[] { "## Events", "## HTTP status codes", "## Cluster cost per event", "## Lifecycle audit — PASSED", "Silo CPU ms/event" })
        {
            Assert.Contains(section, markdown, StringComparison.Ordinal);
        }

        Assert.Contains("\"lifecycles\"", JsonReport.Render(report), StringComparison.Ordinal);
        Assert.Contains("id=\"resources\"", HtmlReport.Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_lifecycle_run_on_postgres_counts_commits_and_row_writes_and_audits_the_payout_table()
    {
        await using var database = await ScratchDatabase.Create();
        var options = LoadTestOptions.Parse([.. Short, "--storage", "postgres", "--connection", database.ConnectionString, "--rate", "60"]);
        using var console = new StringWriter();

        var report = await LoadTestRun.Execute(options, console, TestContext.Current.CancellationToken);

        Assert.True(report.Lifecycles!.Passed, $"{string.Join(Environment.NewLine, report.Lifecycles.Examples)}{Environment.NewLine}{console}");
        Assert.Equal("PostgreSQL table refundcluster_payouts", report.Lifecycles.PayoutSource);
        var refunded = report.Lifecycles.Expected.Where(e => e.Key.StartsWith("refunded", StringComparison.Ordinal)).Sum(e => e.Value);
        Assert.Equal(refunded, await database.Count("SELECT count(*) FROM refundcluster_payouts WHERE status = 'paid'"));
        var run = report.Resources!.Run;
        Assert.NotNull(run.Database);
        Assert.True(run.Database.Commits > run.EventsApplied && run.Database.RowWrites > run.EventsApplied, run.Database.ToString());
        Assert.True(run.PostgresCpuMs > 0, $"{run.PostgresCpuMs} ms");
        Assert.True(report.Passed, console.ToString());
    }
}
