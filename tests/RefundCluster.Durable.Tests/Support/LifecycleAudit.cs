namespace RefundCluster.Durable.Tests.Support;

/// <summary>
/// The audit of a <see cref="LifecycleRun"/> after a fault, from PostgreSQL and the API: every refund in its expected
/// terminal state, the payout table and the gateway's books exact (none missing, none twice, amounts right), every
/// acknowledged event still there (resent, each is a duplicate), no deadline left overdue.
/// </summary>
public static class LifecycleAudit
{
    public static async Task<AuditFigures> Verify(LifecycleRun run, DurableCluster cluster)
    {
        var client = run.Client;
        var database = cluster.Database;
        var lifecycles = run.Lifecycles;
        var auditStarted = DateTime.UtcNow;

        // Convergence: every refund terminal, every payout acknowledged by the gateway.
        var views = await WaitForTerminalRefunds(client, lifecycles);
        var payouts = await WaitForPaidPayouts(database, lifecycles.Count(l => l.ExpectedPayout > 0));
        var payoutsPaid = DateTime.UtcNow - auditStarted;

        // 1: every refund in its expected terminal state, with the expected automation and amount.
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

        // 2: the payout table holds exactly the expected rows, amounts right, all paid.
        var expected = lifecycles.Where(l => l.ExpectedPayout > 0).ToDictionary(l => $"{l.RefundId}:payout", l => l.ExpectedPayout);
        Assert.Equal(expected.Keys.Order(), payouts.Keys.Order());
        Assert.All(expected, e => Assert.Equal(e.Value, payouts[e.Key]));

        // 3: the gateway's books: each key paid once (its primary key), the right amount; retries visible as calls.
        var gateway = (await database.Rows("SELECT payout_key, amount, calls FROM refundcluster_gateway_payments"))
            .ToDictionary(r => (string)r[0], r => ((decimal)r[1], (int)r[2]));
        Assert.Equal(expected.Keys.Order(), gateway.Keys.Order());
        Assert.All(expected, e => Assert.Equal(e.Value, gateway[e.Key].Item1));
        var gatewayCalls = gateway.Values.Sum(g => g.Item2);

        // 4: every acknowledged event is reflected: resent now, each is answered as a duplicate.
        var resent = await Task.WhenAll(run.Acknowledged.Select(client.Send));
        var notDuplicate = resent.Where(a => a["status"]!.GetValue<string>() != "duplicate").Select(a => a["eventId"]).ToList();
        Assert.Empty(notDuplicate);

        // 5: every deadline that fell due has fired. An entry whose shard died with a silo waits for the shard's
        // reminder (period 1 min) to bring the shard back on a live silo, so this converges, within bounds.
        var overdue = await WaitForNoOverdueDeadlines(cluster);
        Assert.Equal(0, overdue);

        return new AuditFigures(
            lifecycles.Count, payouts.Count, expected.Count, payouts.Values.Sum(), payoutsPaid, gateway.Count, gatewayCalls - gateway.Count, resent.Length,
            overdue, DateTime.UtcNow - auditStarted);
    }

    /// <summary>The grains' demo clock, which every silo runs from the cluster's shared epoch.</summary>
    private static DateTimeOffset ScaledNow(DurableCluster cluster) => cluster.Epoch + (DateTimeOffset.UtcNow - cluster.Epoch) * cluster.TimeScale;

    /// <summary>Waits until no index entry (order or refund) is due more than an hour of demo time ago.</summary>
    private static async Task<long> WaitForNoOverdueDeadlines(DurableCluster cluster)
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
                return overdue;
            }

            await Task.Delay(1000);
        }
    }

    private static async Task<Dictionary<string, JsonObject>> WaitForTerminalRefunds(FailoverClient client, IReadOnlyList<Lifecycle> lifecycles)
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
