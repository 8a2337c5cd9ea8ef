using System.Collections.Concurrent;
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

            var runId = Guid.NewGuid().ToString("N")[..8];
            var timeoutShop = $"shop-timeout-{runId}";
            await ShortenSellerResponse(client, timeoutShop);
            var lifecycles = Enumerable.Range(0, Refunds).Select(i => Lifecycle.Create(i, runId, timeoutShop)).ToList();
            var acknowledged = new ConcurrentBag<JsonObject>();

            // Drive the lifecycles; kill silo 1 when 40 % are done, restart it a few seconds later.
            var done = 0;
            var killAt = Refunds * 2 / 5;
            var killed = new TaskCompletionSource();
            var started = DateTime.UtcNow;
            var drive = Parallel.ForEachAsync(lifecycles, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (lifecycle, _) =>
            {
                foreach (var e in lifecycle.Events())
                {
                    var answer = await client.Send(e);
                    Assert.Contains(answer["status"]!.GetValue<string>(), new[] { "accepted", "duplicate" });
                    acknowledged.Add(e);
                }

                if (Interlocked.Increment(ref done) == killAt)
                {
                    killed.TrySetResult();
                }
            });
            await Task.WhenAny(killed.Task, drive);
            await cluster.Kill(1);
            output.WriteLine($"killed silo 1 (SIGKILL) after {done} of {Refunds} lifecycles, {(DateTime.UtcNow - started).TotalSeconds:F1} s in");
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

            output.WriteLine($"all {acknowledged.Count} events acknowledged after {(DateTime.UtcNow - started).TotalSeconds:F1} s, {client.Retries} client retries");

            // Convergence: every refund terminal, every payout acknowledged by the gateway.
            var views = await WaitForTerminalRefunds(client, lifecycles);
            var payouts = await WaitForPaidPayouts(database, lifecycles.Count(l => l.ExpectedPayout > 0));

            // Audit 1: every refund in its expected terminal state, with the expected automation and amount.
            foreach (var lifecycle in lifecycles)
            {
                var view = views[lifecycle.RefundId];
                Assert.Equal(lifecycle.ExpectedStatus, view["status"]!.GetValue<string>());
                Assert.Equal(lifecycle.ExpectedPayout, view["refundedAmount"]!.GetValue<decimal>());
                if (lifecycle.ExpectedAutomation is { } automation)
                {
                    Assert.Equal(automation, view["automation"]?.GetValue<string>());
                }
            }

            // Audit 2: the payout table holds exactly the expected rows, amounts right, all paid.
            var expected = lifecycles.Where(l => l.ExpectedPayout > 0).ToDictionary(l => $"{l.RefundId}:payout", l => l.ExpectedPayout);
            Assert.Equal(expected.Keys.Order(), payouts.Keys.Order());
            Assert.All(expected, e => Assert.Equal(e.Value, payouts[e.Key]));

            // Audit 3: the gateway's books: each key paid once (its primary key), the right amount; retries visible as calls.
            var gateway = (await database.Rows("SELECT payout_key, amount, calls FROM refundcluster_gateway_payments"))
                .ToDictionary(r => (string)r[0], r => ((decimal)r[1], (int)r[2]));
            Assert.Equal(expected.Keys.Order(), gateway.Keys.Order());
            Assert.All(expected, e => Assert.Equal(e.Value, gateway[e.Key].Item1));
            var gatewayCalls = gateway.Values.Sum(g => g.Item2);

            // Audit 4: every acknowledged event is reflected: resent now, each is answered as a duplicate.
            var resent = await Task.WhenAll(acknowledged.Select(client.Send));
            var notDuplicate = resent.Where(a => a["status"]!.GetValue<string>() != "duplicate").Select(a => a["eventId"]).ToList();
            Assert.Empty(notDuplicate);

            // Audit 5: every deadline that fell due has fired. An entry whose shard died with silo 1 waits for the
            // shard's reminder (period 1 min) to bring the shard back on a live silo, so this converges, within bounds.
            var (overdue, overdueConverged) = await WaitForNoOverdueDeadlines(cluster);
            Assert.Equal(0, overdue);

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

            var timeouts = lifecycles.Count(l => l.Kind == LifecycleKind.SellerTimeout);
            var audit = string.Join(Environment.NewLine,
                $"fault test audit ({DateTime.UtcNow:u}, 3 silos, silo 1 SIGKILLed and restarted)",
                $"  refunds driven:             {Refunds} ({string.Join(", ", lifecycles.GroupBy(l => l.Kind).Select(g => $"{g.Count()} {g.Key}"))})",
                $"  events acknowledged:        {acknowledged.Count} (client retries after errors/timeouts: {client.Retries})",
                $"  refunds in expected state:  {lifecycles.Count}/{lifecycles.Count}",
                $"  seller-timeout deadlines:   {timeouts}/{timeouts} fired (automation=timeout)",
                $"  payout rows:                {payouts.Count} expected {expected.Count}, duplicates 0, missing 0, total {payouts.Values.Sum()}",
                $"  gateway:                    {gateway.Count} keys paid once; {gatewayCalls - gateway.Count} repeat calls for an already-paid key (after lost acknowledgements) got the first payment's reference",
                $"  resent acknowledged events: {resent.Length} answered duplicate",
                $"  overdue deadlines:          {overdue} (index caught up {overdueConverged.TotalSeconds:F0} s after the audit began)",
                $"  shop metrics:               live counts already exact in {exactBeforeRebuild}/{lifecycles.Select(l => l.ShopId).Distinct().Count()} shops; after a rebuild ({corrections} facts corrected) equal to the entities in all");
            output.WriteLine(audit);
            // VSTest does not print a passing test's output: .ci/run and deploy/local/fault-test.sh print this file.
            var results = Path.Combine(RepositoryRoot.Path, "TestResults");
            Directory.CreateDirectory(results);
            await File.WriteAllTextAsync(Path.Combine(results, "fault-test-audit.txt"), audit + Environment.NewLine, TestContext.Current.CancellationToken);
        }
        catch
        {
            for (var silo = 0; silo < cluster.Count; silo++)
            {
                output.WriteLine($"--- silo {silo} recent output ---{Environment.NewLine}{cluster.RecentOutput(silo)}");
            }

            throw;
        }
    }

    /// <summary>The grains' demo clock, which every silo runs from the cluster's shared epoch.</summary>
    private static DateTimeOffset ScaledNow(DurableCluster cluster) => cluster.Epoch + (DateTimeOffset.UtcNow - cluster.Epoch) * cluster.TimeScale;

    /// <summary>Waits until no index entry (order or refund) is due more than an hour of demo time (6 s real) ago.</summary>
    private static async Task<(long Overdue, TimeSpan After)> WaitForNoOverdueDeadlines(DurableCluster cluster)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            // Orders' and refunds' wake-ups are the next_due column of their own rows; other targets' are index rows.
            var before = $"'{ScaledNow(cluster).AddHours(-1):O}'::timestamptz";
            var overdue = await cluster.Database.Scalar<long>(
                $"SELECT (SELECT count(*) FROM refundcluster_deadlines WHERE due_at < {before}) + (SELECT count(*) FROM refundcluster_grain_state WHERE next_due < {before})");
            if (overdue == 0 || DateTime.UtcNow - started > TimeSpan.FromMinutes(3))
            {
                return (overdue, DateTime.UtcNow - started);
            }

            await Task.Delay(1000);
        }
    }

    private static async Task ShortenSellerResponse(FailoverClient client, string shopId)
    {
        var policy = (await client.Get($"v1/shops/{shopId}/policy"))!["policy"]!.AsObject();
        policy["deadlines"]!["sellerResponse"] = "03:00:00";
        await client.Put($"v1/shops/{shopId}/policy", policy);
    }

    private static async Task<Dictionary<string, JsonObject>> WaitForTerminalRefunds(FailoverClient client, List<Lifecycle> lifecycles)
    {
        var views = new Dictionary<string, JsonObject>();
        var giveUp = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (true)
        {
            foreach (var lifecycle in lifecycles.Where(l => !views.ContainsKey(l.RefundId)))
            {
                if (await client.Get($"v1/refunds/{lifecycle.RefundId}") is { } view && view["status"]!.GetValue<string>() is "succeeded" or "closed")
                {
                    views[lifecycle.RefundId] = view;
                }
            }

            if (views.Count == lifecycles.Count)
            {
                return views;
            }

            Assert.True(DateTime.UtcNow < giveUp,
                $"{lifecycles.Count - views.Count} refunds never finished: {string.Join(", ", lifecycles.Where(l => !views.ContainsKey(l.RefundId)).Take(5).Select(l => l.RefundId))}");
            await Task.Delay(1000);
        }
    }

    private static async Task<Dictionary<string, decimal>> WaitForPaidPayouts(TestDatabase database, int expected)
    {
        var giveUp = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var rows = await database.Rows("SELECT payout_key, amount, status FROM refundcluster_payouts");
            if (rows.Count >= expected && rows.All(r => (string)r[2] == "paid"))
            {
                return rows.ToDictionary(r => (string)r[0], r => (decimal)r[1]);
            }

            Assert.True(DateTime.UtcNow < giveUp, $"payouts: {rows.Count} rows of {expected}, {rows.Count(r => (string)r[2] != "paid")} still pending");
            await Task.Delay(1000);
        }
    }
}
