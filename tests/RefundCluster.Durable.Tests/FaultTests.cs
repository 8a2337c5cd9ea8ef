using System.Globalization;

namespace RefundCluster.Durable.Tests;

/// <summary>
/// The fault test: PostgreSQL and 3 silo processes; complete refund lifecycles driven through the HTTP API across all
/// silos; one silo killed with SIGKILL mid-run and restarted; then an audit from PostgreSQL and the API. The suite runs
/// it with a small N; deploy/local/fault-test.sh runs it with a large one (FAULT_TEST_REFUNDS).
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class FaultTests(ITestOutputHelper output)
{
    /// <summary>48 h of platform time in 288 s; the timeout shop's 3 h seller-response timer in 18 s.</summary>
    private const double TimeScale = 600;

    private static readonly int Refunds =
        int.TryParse(Environment.GetEnvironmentVariable("FAULT_TEST_REFUNDS"), CultureInfo.InvariantCulture, out var n) && n >= 4 ? n : 80;

    private static readonly int Concurrency =
        int.TryParse(Environment.GetEnvironmentVariable("FAULT_TEST_CONCURRENCY"), CultureInfo.InvariantCulture, out var c) && c >= 1 ? c : 8;

    [Fact]
    public async Task Killing_a_silo_mid_run_loses_no_acknowledged_event_and_pays_every_refund_exactly_once()
    {
        await using var database = await TestDatabase.Create();
        // Payouts go through a gateway that fails 20 % of calls and loses 10 % of its acknowledgements.
        await using var cluster = await DurableCluster.Start(database, silos: 3, TimeScale,
            ["--Payouts:Gateway:FailureRate=0.2", "--Payouts:Gateway:LostAckRate=0.1"]);
        using var client = new FailoverClient(cluster);
        try
        {
            var run = await LifecycleRun.Prepare(client);

            // Drive the lifecycles; kill silo 1 when 40 % are done, restart it a few seconds later.
            var killAt = Refunds * 2 / 5;
            var killed = new TaskCompletionSource();
            var started = DateTime.UtcNow;
            var drive = run.Drive(Refunds, Concurrency, TestContext.Current.CancellationToken, lifecycleDone: done =>
            {
                if (done == killAt)
                {
                    killed.TrySetResult();
                }
            });
            await Task.WhenAny(killed.Task, drive);
            await cluster.Kill(1);
            output.WriteLine($"killed silo 1 (SIGKILL) after {run.Done} of {Refunds} lifecycles, {(DateTime.UtcNow - started).TotalSeconds:F1} s in");
            await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
            await cluster.StartSilo(1);
            output.WriteLine($"restarted silo 1 on the same ports, {(DateTime.UtcNow - started).TotalSeconds:F1} s in");
            try
            {
                await drive;
            }
            catch
            {
                output.WriteLine($"client retries:{Environment.NewLine}{string.Join(Environment.NewLine, client.RetryLog.Take(200))}");
                throw;
            }

            output.WriteLine($"all {run.Acknowledged.Count} events acknowledged after {(DateTime.UtcNow - started).TotalSeconds:F1} s, {client.Retries} client retries");

            // Audits 1-5: refunds, payout rows, gateway books, acknowledged events, deadlines.
            var figures = await LifecycleAudit.Verify(run, cluster);
            var lifecycles = run.Lifecycles;

            // Audit 6: shop metrics converge to the entities after the silo loss. The rebuild reports what the stream
            // had lost (messages in silo 1's queues, aggregators that died with it); then the numbers are exact.
            var corrections = 0;
            var exactBeforeRebuild = 0;
            foreach (var shop in lifecycles.GroupBy(l => l.ShopId))
            {
                var live = (await client.Get($"v1/shops/{shop.Key}/metrics?window=30d"))!;
                exactBeforeRebuild += live["refunds"]!.GetValue<long>() == shop.Count() && live["counts"]!["ended"]!.GetValue<long>() == shop.Count() ? 1 : 0;
                var rebuilt = await client.Post($"v1/shops/{shop.Key}/metrics/rebuild");
                Assert.Equal(shop.Count(), rebuilt!["refundsRead"]!.GetValue<int>());
                corrections += rebuilt["corrections"]!.GetValue<int>();
                var metrics = (await client.Get($"v1/shops/{shop.Key}/metrics?window=30d"))!;
                Assert.Equal(shop.Count(), metrics["paidOrders"]!.GetValue<long>());
                Assert.Equal(shop.Count(), metrics["refunds"]!.GetValue<long>());
                Assert.Equal(shop.Count(), metrics["counts"]!["ended"]!.GetValue<long>());
                foreach (var status in shop.GroupBy(l => l.ExpectedStatus))
                {
                    Assert.Equal(status.Count(), metrics["refundsByStatus"]![status.Key]!.GetValue<long>());
                }
            }

            var lateness = await DeadlineLateness.Read(cluster.LiveEndpoints);
            var plain500s = client.Answers.Count(a => a.Status == 500);
            var audit = string.Join(Environment.NewLine, [
                $"fault test audit ({DateTime.UtcNow:u}, 3 silos, silo 1 SIGKILLed and restarted)",
                .. figures.Lines(run),
                $"  shop metrics:               live counts already exact in {exactBeforeRebuild}/{lifecycles.Select(l => l.ShopId).Distinct().Count()} shops; after a rebuild ({corrections} facts corrected) equal to the entities in all",
                $"  deadline lateness:          {lateness}",
                $"  plain 500 answers:          {plain500s}"]);
            output.WriteLine(audit);
            // The client resends a 500 like any 5xx, so only this count shows one: a fault must be a 503 with a code.
            Assert.Equal(0, plain500s);
            await TestResultsFile.Write("fault-test-audit.txt", audit);
        }
        catch
        {
            output.WriteLine(cluster.AllRecentOutput);

            throw;
        }
    }
}
