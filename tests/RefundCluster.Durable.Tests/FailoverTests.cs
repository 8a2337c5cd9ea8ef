using System.Collections.Concurrent;
using System.Diagnostics;

namespace RefundCluster.Durable.Tests;

/// <summary>
/// The database's primary dies and its standby takes over: 2 silo processes on a PostgreSQL pair of the test's own
/// (deploy/local/pg-pair.sh: a primary and a streaming standby with synchronous commit), connected with the multi-host
/// string (Target Session Attributes=primary), a retrying load of refund lifecycles, and under it the primary's
/// processes SIGKILLed, then the standby promoted. The silos find the new primary by themselves; while there is none
/// every answer is 200 or 503 <c>cluster.unavailable</c> with Retry-After, within the silo's answer window, and
/// <c>/readyz</c> says 503. Then the audit of <see cref="LifecycleAudit"/> is exact on the promoted node: nothing
/// acknowledged was lost, no payout twice. The failover window goes to TestResults/db-failover-audit.txt.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class FailoverTests(ITestOutputHelper output)
{
    /// <summary>The timeout shop's 3 h seller-response timer in 18 s.</summary>
    private const double TimeScale = 600;

    private const int Silos = 2;
    private const int Concurrency = 4;

    /// <summary>
    /// Between the kill and the promotion: what an operator (Patroni, CloudNativePG, a managed service) takes to decide
    /// the primary is gone. Its own figure; the test stands in with a short one so the cluster's part is measured.
    /// </summary>
    private static readonly TimeSpan Detection = TimeSpan.FromSeconds(3);

    /// <summary>The restart test's target: ready and taking events this soon after the new primary takes writes.</summary>
    private static readonly TimeSpan RecoveryTarget = TimeSpan.FromSeconds(10);

    /// <summary>
    /// What fails the test: no recovery by itself within this. The targets are judged in the audit (met or MISSED), not
    /// here: on this shared 2-core machine a timed assertion near the figure flakes.
    /// </summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    /// <summary>The issue's target: from the kill, every silo takes writes again within this (detection included).</summary>
    private static readonly TimeSpan WriteUnavailabilityTarget = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan AnswerBound = FailoverClient.RequestTimeout;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Silos_move_to_the_promoted_synchronous_standby_when_the_primary_is_killed_under_load()
    {
        var testStarted = Stopwatch.StartNew();
        await using var pair = await PostgresPair.Start($"rc_test_{Guid.NewGuid():N}"[..20]);
        await using var database = TestDatabase.On(pair);
        await using var cluster = await DurableCluster.Start(database, Silos, TimeScale,
            ["--Payouts:Gateway:FailureRate=0.2", "--Payouts:Gateway:LostAckRate=0.1", "--Logging:Console:FormatterOptions:TimestampFormat=HH:mm:ss.fff "]);
        using var client = new FailoverClient(cluster);
        using var probes = TestCredentials.Admin.NewClient(null, FailoverClient.RequestTimeout);
        var probeAnswers = new ConcurrentQueue<HttpAnswer>();
        var silos = cluster.LiveEndpoints;
        try
        {
            // The silos write to node a, and a commit waits for node b: what makes an acknowledged event survive the kill.
            Assert.Equal(pair.PrimaryPort, await database.Scalar<int>("SELECT inet_server_port()"));
            var replication = string.Join(", ", (await database.Rows("SELECT application_name, state, sync_state FROM pg_stat_replication")).Select(r => string.Join('/', r)));
            Assert.Equal("node_b/streaming/sync", replication);
            Assert.Equal("on", await database.Scalar<string>("SHOW synchronous_commit"));

            var run = await LifecycleRun.Prepare(client);
            output.WriteLine($"pair on ports {pair.PrimaryPort} (primary) and {pair.StandbyPort} (standby), {Silos} silos up, {testStarted.Elapsed.TotalSeconds:F1} s in");
            using var stopStarting = new CancellationTokenSource();
            var drive = run.Drive(int.MaxValue, Concurrency, stopStarting.Token, pause: TimeSpan.FromMilliseconds(200));
            await Task.Delay(TimeSpan.FromSeconds(3), Cancel);
            JsonObject? requested;
            while ((requested = run.Acknowledged.FirstOrDefault(e => e["kind"]!.GetValue<string>() == "refund.requested")) is null)
            {
                Assert.False(drive.IsCompleted, "the load ended before a refund was requested");
                await Task.Delay(200, Cancel);
            }

            string[] reads = [$"v1/refunds/{requested["refundId"]}", $"v1/orders/{requested["orderId"]}", $"v1/shops/{run.TimeoutShop}/refunds?limit=5", "v1/changes?limit=5"];
            await using var watch = new ClusterWatch(silos, () => reads);
            await Task.Delay(TimeSpan.FromSeconds(1), Cancel);

            var killAsked = DateTime.UtcNow;
            var killedAt = await pair.KillPrimary();
            var killed = DateTime.UtcNow;
            Assert.InRange(killedAt, killAsked - TimeSpan.FromSeconds(1), killed + TimeSpan.FromSeconds(1)); // the script's clock is this one
            // From the kill on, each silo is asked for a new order every 100 ms: a write, so its first 200 is the end
            // of that silo's write unavailability.
            var accepting = Task.WhenAll(silos.Select(silo => RecoveryProbe.FirstAcceptedOrder(
                probes, silo, $"probe-{run.RunId}-{silo.Port}".ToLowerInvariant(), $"shop-probe-{run.RunId}", killedAt, probeAnswers)));
            await Task.Delay(Detection, Cancel);
            var promoteAsked = DateTime.UtcNow;
            var promoted = await pair.Promote();
            var ready = await Task.WhenAll(silos.Select(silo => RecoveryProbe.FirstOk(probes, silo, "readyz", null, promoted, probeAnswers)));
            var writesBack = await accepting;

            // The load goes on against the new primary for a while before it stops.
            await Task.Delay(TimeSpan.FromSeconds(3), Cancel);
            await stopStarting.CancelAsync();
            try
            {
                await drive;
            }
            catch
            {
                output.WriteLine($"client retries:{Environment.NewLine}{string.Join(Environment.NewLine, client.RetryLog.Take(200))}");
                throw;
            }

            await watch.DisposeAsync();
            output.WriteLine($"load stopped: {run.Done} lifecycles, {run.Acknowledged.Count} events acknowledged, {client.Retries} client retries, {testStarted.Elapsed.TotalSeconds:F1} s in");

            // The silos now write to node b, promoted and alone.
            Assert.Equal(pair.PrimaryPort, await database.Scalar<int>("SELECT inet_server_port()"));
            Assert.NotEqual(pair.PortA, pair.PrimaryPort);
            Assert.False(await database.Scalar<bool>("SELECT pg_is_in_recovery()"));

            var answers = client.Answers.Concat(probeAnswers).Concat(watch.Answers).ToList();
            var unanswered = answers.Where(a => a.Status == 0 || a.Took >= AnswerBound).ToList();
            Assert.True(unanswered.Count == 0, $"requests without an answer within {AnswerBound.TotalSeconds} s:{Environment.NewLine}{string.Join(Environment.NewLine, unanswered.Take(20))}");
            var plain500s = answers.Where(a => a.Status == 500).ToList();
            Assert.True(plain500s.Count == 0, $"500 answers:{Environment.NewLine}{string.Join(Environment.NewLine, plain500s.Take(20))}");
            var wrong = answers.Where(a => a.What != "readyz" && a.Status != 200 && !a.IsUnavailable).ToList();
            Assert.True(wrong.Count == 0, $"answers other than 200 or 503 cluster.unavailable with Retry-After:{Environment.NewLine}{string.Join(Environment.NewLine, wrong.Take(20))}");

            // The outage was seen: events refused as unavailable, and every silo not ready, while there was no primary.
            var events = client.Answers.ToList();
            Assert.Contains(events, a => a.IsUnavailable && killed <= a.SentAt && a.AnsweredAt <= promoteAsked);
            foreach (var silo in silos)
            {
                Assert.Contains(watch.Readiness(silo), a => a.Status == 503 && killed <= a.SentAt && a.AnsweredAt <= promoteAsked);
            }

            // No write was taken while there was no primary: each probe order's first 200 came after the promotion.
            var probeOrders = probeAnswers.Where(a => a.What.StartsWith("probe", StringComparison.Ordinal)).ToList();
            Assert.DoesNotContain(probeOrders, a => a.Status == 200 && a.AnsweredAt < promoteAsked);

            var refused = events.Where(a => a.IsUnavailable && a.SentAt >= killedAt).ToList();
            var failover = new FailoverFigures(
                UntilPromotion: promoteAsked - killedAt, Promotion: promoted - promoteAsked, PromotedAfterKill: promoted - killedAt,
                Ready: ready.Max(), WritesBack: writesBack.Max(),
                LastUnavailable: refused.Select(a => a.AnsweredAt - promoted).DefaultIfEmpty().Max(),
                LoadRefused: refused.Count == 0 ? TimeSpan.Zero : refused.Max(a => a.AnsweredAt) - refused.Min(a => a.SentAt));
            output.WriteLine(failover.ToString());
            Assert.True(failover.WritesBack <= GiveUpAfter + WriteUnavailabilityTarget, $"writes taken on every silo only {failover.WritesBack.TotalSeconds:F1} s after the kill");
            Assert.True(failover.Ready <= GiveUpAfter, $"/readyz 200 on every silo only {failover.Ready.TotalSeconds:F1} s after the promotion");
            Assert.True(failover.AfterPromotion <= GiveUpAfter, $"events accepted on every silo only {failover.AfterPromotion.TotalSeconds:F1} s after the promotion");
            Assert.True(failover.LastUnavailable <= GiveUpAfter, $"the load still got 503s {failover.LastUnavailable.TotalSeconds:F1} s after the promotion");

            var figures = await LifecycleAudit.Verify(run, cluster);

            // Membership is Orleans' ADO.NET provider, with connections of its own from the same string: each silo's
            // I-am-alive heartbeat (every 5 s, Membership:IAmAliveTablePublishTimeout) reaches the promoted node too.
            var heartbeats = await WaitForHeartbeatsAfter(database, promoted);
            Assert.True(heartbeats == Silos, $"{heartbeats} of {Silos} silos wrote their membership heartbeat to the promoted node within 90 s");

            var audit = string.Join(Environment.NewLine, [
                $"database failover test audit ({DateTime.UtcNow:u}, {Silos} silos on Host=127.0.0.1:a,127.0.0.1:b;Target Session Attributes=primary, " +
                $"primary SIGKILLed under load, standby (synchronous, {replication}) promoted {Detection.TotalSeconds:F0} s after the kill command returned)",
                .. failover.Lines(),
                $"  targets: write unavailability ≤ {WriteUnavailabilityTarget.TotalSeconds:F0} s " +
                    (failover.WritesBack <= WriteUnavailabilityTarget ? "met" : "MISSED") +
                    $"; ready, accepting and last 503 ≤ {RecoveryTarget.TotalSeconds:F0} s after the promotion " +
                    (failover.Ready <= RecoveryTarget && failover.AfterPromotion <= RecoveryTarget && failover.LastUnavailable <= RecoveryTarget ? "met" : "MISSED"),
                $"  answers during the run:     {answers.Count} ({answers.Count(a => a.Status == 200)} 200, {answers.Count(a => a.IsUnavailable)} 503 cluster.unavailable with Retry-After, {answers.Count(a => a.What == "readyz" && a.Status == 503)} /readyz 503; 500: {plain500s.Count}; unanswered or over {AnswerBound.TotalSeconds:F0} s: {unanswered.Count}; slowest {answers.Max(a => a.Took).TotalMilliseconds:F0} ms)",
                .. figures.Lines(run),
                $"  test time:                  {testStarted.Elapsed.TotalSeconds:F0} s"]);
            output.WriteLine(audit);
            // VSTest does not print a passing test's output: .ci/run prints this file.
            var results = Path.Combine(RepositoryRoot.Path, "TestResults");
            Directory.CreateDirectory(results);
            await File.WriteAllTextAsync(Path.Combine(results, "db-failover-audit.txt"), audit + Environment.NewLine, Cancel);
        }
        catch
        {
            output.WriteLine(await StatusOrWhy(pair));
            output.WriteLine(pair.RecentLogs());
            for (var silo = 0; silo < cluster.Count; silo++)
            {
                output.WriteLine($"--- silo {silo} recent output ---{Environment.NewLine}{cluster.RecentOutput(silo)}");
            }

            throw;
        }
    }

    /// <summary>How many active silos' membership rows were updated after <paramref name="since"/>, waiting up to 90 s for all.</summary>
    private static async Task<long> WaitForHeartbeatsAfter(TestDatabase database, DateTime since)
    {
        var sql = $"SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '{database.Name}' AND status = 3 AND iamalivetime > '{since:O}'::timestamptz";
        while (true)
        {
            var count = await database.Scalar<long>(sql);
            if (count >= Silos || DateTime.UtcNow > since + TimeSpan.FromSeconds(90))
            {
                return count;
            }

            await Task.Delay(1000, Cancel);
        }
    }

    private static async Task<string> StatusOrWhy(PostgresPair pair)
    {
        try
        {
            return await pair.Status();
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// The failover's timeline: <see cref="PromotedAfterKill"/> and <see cref="WritesBack"/> from the kill,
    /// <see cref="Ready"/> and <see cref="LastUnavailable"/> from the promotion.
    /// </summary>
    private sealed record FailoverFigures(
        TimeSpan UntilPromotion, TimeSpan Promotion, TimeSpan PromotedAfterKill, TimeSpan Ready, TimeSpan WritesBack, TimeSpan LastUnavailable, TimeSpan LoadRefused)
    {
        public TimeSpan AfterPromotion => WritesBack - PromotedAfterKill;

        public IEnumerable<string> Lines()
        {
            yield return $"  failover window:            {WritesBack.TotalSeconds:F1} s from the kill to a new order accepted on every silo (the write unavailability; target 30 s): " +
                         $"{UntilPromotion.TotalSeconds:F1} s until the promotion was asked (the test's stand-in for an operator's detection), promotion {Promotion.TotalSeconds:F1} s, " +
                         $"then the silos {AfterPromotion.TotalSeconds:F1} s";
            yield return $"  after the promotion:        every silo ready in {Ready.TotalSeconds:F1} s, accepting events in {AfterPromotion.TotalSeconds:F1} s, the load's last 503 {(LastUnavailable > TimeSpan.Zero ? $"{LastUnavailable.TotalSeconds:F1} s" : "before it")}";
            yield return $"  the load:                   refused (503 cluster.unavailable) for {LoadRefused.TotalSeconds:F1} s, from its first refused event sent after the kill to its last refusal";
        }

        public override string ToString() => string.Join(Environment.NewLine, Lines());
    }
}
