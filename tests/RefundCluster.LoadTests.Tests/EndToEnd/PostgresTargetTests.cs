using System.Diagnostics;
using RefundCluster.LoadTests.Ceilings;
using RefundCluster.LoadTests.Tests.Support;

namespace RefundCluster.LoadTests.Tests.EndToEnd;

/// <summary>
/// The embedded cluster on PostgreSQL (a fresh database on the test server): the run's events are persisted there, the
/// audit passes, and the server's single-row upsert ceiling is measured with the durable event rate as a share of it.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PostgresTargetTests
{
    [Fact]
    public async Task A_run_on_postgres_passes_its_audit_and_measures_the_upsert_ceiling()
    {
        var clock = Stopwatch.StartNew();
        await using var database = await ScratchDatabase.Create();
        var options = LoadTestOptions.Parse([
            "--scenario", "ingest", "--storage", "postgres", "--connection", database.ConnectionString, "--rate", "40", "--duration", "3",
            "--warmup", "1", "--shops", "5", "--threshold", "errors<1%", "--ceiling-duration", "1"]);
        using var console = new StringWriter();

        var report = await LoadTestRun.Execute(options, console, TestContext.Current.CancellationToken);

        Assert.Contains($"on PostgreSQL 127.0.0.1:5432/{database.Name}", report.Target, StringComparison.Ordinal);
        Assert.True(report.Passed, console.ToString());
        Assert.True(report.Audit!.Passed, string.Join(Environment.NewLine, report.Audit.Failures));
        var measured = report.Steps.Single(s => !s.Warmup);
        Assert.Equal(measured.Ok, measured.Events); // every request of ingest is one acknowledged event
        Assert.True(await database.Count("SELECT count(*) FROM refundcluster_grain_state WHERE service_id LIKE 'loadtest-%'") >= measured.Events);

        var upserts = report.Ceilings.Single(c => c.Compared == ScenarioRates.DurableEventsUnit);
        Assert.Contains("synchronous_commit=on", upserts.Name, StringComparison.Ordinal);
        Assert.True(upserts.OperationsPerSecond > 100, $"{upserts.OperationsPerSecond} upserts/s");
        Assert.InRange(upserts.ScenarioRate, 30, 45);
        Assert.Equal(upserts.ScenarioRate / upserts.OperationsPerSecond, upserts.ScenarioShare, 6);
        Assert.Equal(0, await database.Count("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'loadtest_upsert_ceiling_%'"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }
}
