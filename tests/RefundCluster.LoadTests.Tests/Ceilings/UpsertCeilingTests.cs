using System.Collections.Concurrent;
using RefundCluster.LoadTests.Ceilings;
using RefundCluster.LoadTests.Reporting;

namespace RefundCluster.LoadTests.Tests.Ceilings;

/// <summary>The PostgreSQL upsert ceiling's statements and arithmetic (the end-to-end test runs it on a real server).</summary>
public sealed class UpsertCeilingTests
{
    [Fact]
    public void The_probe_upserts_one_row_of_a_scratch_table_named_after_the_run()
    {
        var table = UpsertCeiling.TableName("Ab-12");

        Assert.Equal("loadtest_upsert_ceiling_ab_12", table);
        Assert.StartsWith($"CREATE TABLE {table} (id bigint PRIMARY KEY", UpsertCeiling.CreateSql(table), StringComparison.Ordinal);
        Assert.Equal(
            $"INSERT INTO {table} (id, version, payload) VALUES ($1, 1, $2) ON CONFLICT (id) DO UPDATE SET version = {table}.version + 1, payload = EXCLUDED.payload, updated_at = now()",
            UpsertCeiling.UpsertSql(table));
        Assert.Equal($"DROP TABLE IF EXISTS {table}", UpsertCeiling.DropSql(table));
    }

    [Fact]
    public void The_ceiling_names_its_durability_settings()
    {
        var name = UpsertCeiling.Describe(fsync: "on", synchronousCommit: "on");

        Assert.Contains("synchronous_commit=on", name, StringComparison.Ordinal);
        Assert.Contains("fsync=on", name, StringComparison.Ordinal);
        Assert.Contains("16 connections", name, StringComparison.Ordinal);
    }

    [Fact]
    public void Durable_events_are_compared_with_the_upsert_ceiling_and_requests_with_the_others()
    {
        var rates = new ScenarioRates(RequestsPerSecond: 7_000, DurableEventsPerSecond: 3_000);

        var upserts = CeilingProbe.DurableEvents("upserts", 6_000, rates);
        var http = CeilingProbe.Requests("http", 14_000, rates);

        Assert.Equal((0.5, "durable events/s", 3_000.0), (upserts.ScenarioShare, upserts.Compared, upserts.ScenarioRate));
        Assert.Equal((0.5, "requests/s", 7_000.0), (http.ScenarioShare, http.Compared, http.ScenarioRate));
        Assert.Equal(0, CeilingProbe.DurableEvents("none", 0, rates).ScenarioShare);
    }

    [Fact]
    public void A_knee_search_is_compared_at_its_knee()
    {
        var knee = new StepReport("5x peak (1000/s)", 1000, 998, TimeSpan.FromSeconds(10), false, 9980, 0, 0, LatencySummary.Empty, [])
        {
            Iterations = 9980, Events = 9980,
        };

        var ceiling = CeilingProbe.DurableEvents("upserts", 4990, ScenarioRates.Of(knee));

        Assert.Equal("durable events/s at the knee, 5x peak (1000/s)", ceiling.Compared);
        Assert.Equal(998, ceiling.ScenarioRate, 6);
        Assert.Equal(0.2, ceiling.ScenarioShare, 6);
    }

    [Fact]
    public async Task Each_worker_of_the_closed_loop_keeps_its_own_connection()
    {
        // The probe gives worker w the connection n % 16: no two calls may use one connection at the same time.
        var busy = new int[UpsertCeiling.Connections];
        var overlaps = 0;
        var workersSeen = new ConcurrentDictionary<long, bool>();

        var rate = await CeilingProbe.ClosedLoop(UpsertCeiling.Connections, TimeSpan.FromMilliseconds(300), async n =>
        {
            var connection = (int)(n % UpsertCeiling.Connections);
            workersSeen[connection] = true;
            if (Interlocked.Exchange(ref busy[connection], 1) == 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            await Task.Delay(1);
            Volatile.Write(ref busy[connection], 0);
        }, TestContext.Current.CancellationToken);

        Assert.Equal(0, overlaps);
        Assert.Equal(UpsertCeiling.Connections, workersSeen.Count);
        Assert.True(rate > 100, $"{rate} calls/s");
    }
}
