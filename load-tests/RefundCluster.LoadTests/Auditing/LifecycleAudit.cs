using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using RefundCluster.Grains.Payouts;
using RefundCluster.LoadTests.Reporting;
using RefundCluster.LoadTests.Scenarios;
using RefundCluster.LoadTests.Targets;

namespace RefundCluster.LoadTests.Auditing;

/// <summary>An end a lifecycle's refund may have: a status and, if it matters, the automation that ended it.</summary>
public readonly record struct RefundEnd(string Status, string? Automation = null)
{
    public bool PaysOut => Status == "succeeded";

    public override string ToString() => Automation is null ? Status : $"{Status} by {Automation}";
}

/// <summary>What a lifecycle's refund must look like after the run, given what the tool saw of its events.</summary>
/// <param name="Name">For the report: "refunded by the seller", "refused", ...</param>
/// <param name="Ends">The ends it may have; empty: no refund may exist (its request was never applied).</param>
public sealed record LifecycleExpectation(string Name, IReadOnlyList<RefundEnd> Ends)
{
    public bool NoRefund => Ends.Count == 0;

    /// <summary>
    /// From the lifecycle's plan and what each stage's answer said. An event the cluster said it did not apply left
    /// the refund as it was (a seller decision not applied leaves the refund to the timer); an event with no telling
    /// answer (a timeout) may have been applied or not, so both ends are right; null when nothing can be predicted
    /// (the payment or the request got no telling answer).
    /// </summary>
    public static LifecycleExpectation? Of(LifecycleTrace trace)
    {
        const string Succeeded = "succeeded", Refused = "seller_refused";
        RefundEnd bySeller = new(Succeeded, "none"), byTimer = new(Succeeded, "timeout"), refused = new(Refused);
        if (trace.Paid == StageResult.Unknown || trace.Requested == StageResult.Unknown)
        {
            return null;
        }

        if (trace.Paid != StageResult.Applied || trace.Requested != StageResult.Applied)
        {
            return new("no refund (its request was not applied)", []);
        }

        return (trace.Plan.Decision, trace.Decision) switch
        {
            (SellerDecision.Silent, _) => new("refunded by the seller timer", [byTimer]),
            (SellerDecision.Approve, StageResult.Applied) => new("refunded by the seller", [bySeller]),
            (SellerDecision.Refuse, StageResult.Applied) => new("refused by the seller", [refused]),
            (SellerDecision.Approve, StageResult.Unknown) => new("refunded by the seller or the timer (approval unanswered)", [bySeller, byTimer]),
            (SellerDecision.Refuse, StageResult.Unknown) => new("refused, or refunded by the timer (refusal unanswered)", [refused, byTimer]),
            // Not applied, or never sent: the seller said nothing the cluster took, so the timer refunds.
            _ => new("refunded by the seller timer (decision not applied)", [byTimer]),
        };
    }
}

/// <summary>
/// The lifecycle audit: after the run (and after the seller timers had time to fire), every lifecycle's refund is
/// read back in parallel and its status, automation and amounts compared with what the lifecycle did
/// (<see cref="LifecycleExpectation"/>); every refunded refund must have exactly one payout of its amount, paid, and
/// no other refund any. Payouts are read from the PostgreSQL payout table (PostgreSQL storage: one grouped query),
/// else from the embedded silo's payout store, else from what the refund view exposes (its payout key and refunded
/// amount). Refunds that do not match yet are read again for a grace period (a late timer, a payout still pending).
/// </summary>
public static class LifecycleAudit
{
    private const int MaxExamples = 10;

    public static async Task<LifecycleAuditReport> Run(
        ITarget target, LifecycleScenario scenario, string? connectionString, IPayoutStore? payoutStore, TimeSpan grace, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var traces = scenario.Lifecycles.Traces.Values.OrderBy(t => t.Plan.Lifecycle).ToList();
        var checkedTraces = traces.Select(t => (Trace: t, Expected: LifecycleExpectation.Of(t))).Where(t => t.Expected is not null).ToList();
        var source = connectionString is not null ? "PostgreSQL table refundcluster_payouts"
            : payoutStore is not null ? "the embedded silo's payout store"
            : "the refund views (payoutKey, refundedAmount)";

        var deadline = Stopwatch.GetTimestamp() + (long)(grace.TotalSeconds * Stopwatch.Frequency);
        var pending = checkedTraces;
        var verdicts = new ConcurrentDictionary<long, IReadOnlyList<string>>();
        while (true)
        {
            var payouts = connectionString is null ? null : await PayoutRows(connectionString, scenario.RunId, cancellationToken);
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken }, async (item, ct) =>
            {
                var view = await ReadRefund(target, scenario.RefundId(item.Trace.Plan.Lifecycle), ct);
                var payout = payouts is not null
                    ? payouts.GetValueOrDefault(scenario.RefundId(item.Trace.Plan.Lifecycle))
                    : await FromStoreOrView(payoutStore, view, ct);
                verdicts[item.Trace.Plan.Lifecycle] = Compare(item.Trace, item.Expected!, view, payout, scenario.RefundId(item.Trace.Plan.Lifecycle));
            });

            pending = [.. pending.Where(p => verdicts[p.Trace.Plan.Lifecycle].Count > 0)];
            if (pending.Count == 0 || Stopwatch.GetTimestamp() > deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        var wrong = checkedTraces.Where(t => verdicts[t.Trace.Plan.Lifecycle].Count > 0).ToList();
        var mismatches = wrong.SelectMany(t => verdicts[t.Trace.Plan.Lifecycle].Select(Kind))
            .GroupBy(k => k, StringComparer.Ordinal).OrderByDescending(g => g.Count())
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        var examples = wrong.Take(MaxExamples)
            .Select(t => $"lifecycle {t.Trace.Plan.Lifecycle} (refund {scenario.RefundId(t.Trace.Plan.Lifecycle)}, {t.Trace.Plan.Amount.ToString("0.00", CultureInfo.InvariantCulture)} yuan, " +
                         $"expected {t.Expected!.Name}): {string.Join("; ", verdicts[t.Trace.Plan.Lifecycle])}")
            .ToList();
        var expected = checkedTraces.GroupBy(t => t.Expected!.Name, StringComparer.Ordinal).OrderByDescending(g => g.Count())
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        return new LifecycleAuditReport(traces.Count, checkedTraces.Count, checkedTraces.Count - wrong.Count, traces.Count - checkedTraces.Count,
            expected, mismatches, examples, source, clock.Elapsed);
    }

    /// <summary>The refund as the API shows it; null when it does not exist (404); a read error is a failure of its own.</summary>
    internal sealed record RefundSeen(bool Exists, string? Status, string? Automation, decimal RequestedAmount, decimal RefundedAmount, string? PayoutKey, string? Error);

    /// <summary>A refund's payouts: how many rows, their total, whether all are paid.</summary>
    internal sealed record PayoutSeen(int Rows, decimal Total, bool AllPaid);

    /// <summary>Everything wrong with one lifecycle's refund (empty: it is right).</summary>
    internal static IReadOnlyList<string> Compare(LifecycleTrace trace, LifecycleExpectation expected, RefundSeen view, PayoutSeen? payout, string refundId)
    {
        var problems = new List<string>();
        if (view.Error is not null)
        {
            problems.Add($"read failed: {view.Error}");
            return problems;
        }

        if (expected.NoRefund)
        {
            if (view.Exists)
            {
                problems.Add($"unexpected refund: found {new RefundEnd(view.Status ?? "?", view.Automation)}");
            }

            if (payout is { Rows: > 0 })
            {
                problems.Add($"unexpected payout: {payout.Rows} row(s)");
            }

            return problems;
        }

        if (!view.Exists)
        {
            problems.Add($"refund missing: {refundId} not found");
            return problems;
        }

        var end = expected.Ends.FirstOrDefault(e => e.Status == view.Status && (e.Automation is null || e.Automation == view.Automation));
        if (end == default)
        {
            problems.Add($"wrong end: expected {string.Join(" or ", expected.Ends)}, found {new RefundEnd(view.Status ?? "?", view.Automation)}");
            return problems;
        }

        var amount = trace.Plan.Amount;
        if (view.RequestedAmount != amount)
        {
            problems.Add($"wrong requested amount: {view.RequestedAmount} instead of {amount}");
        }

        if (end.PaysOut)
        {
            if (view.RefundedAmount != amount)
            {
                problems.Add($"wrong refunded amount: {view.RefundedAmount} instead of {amount}");
            }

            switch (payout)
            {
                case null or { Rows: 0 }:
                    problems.Add("payout missing");
                    break;
                case { Rows: > 1 }:
                    problems.Add($"payout count: {payout.Rows} rows");
                    break;
                case { Total: var total } when total != amount:
                    problems.Add($"payout amount: {total} instead of {amount}");
                    break;
                case { AllPaid: false }:
                    problems.Add("payout not paid");
                    break;
            }
        }
        else if (payout is { Rows: > 0 } || view.RefundedAmount != 0)
        {
            problems.Add($"unexpected payout: {payout?.Rows ?? 0} row(s), refunded amount {view.RefundedAmount}");
        }

        return problems;
    }

    /// <summary>The category of a problem, for the counts: the text before its colon.</summary>
    internal static string Kind(string problem) => problem.Split(':', 2)[0];

    private static async Task<RefundSeen> ReadRefund(ITarget target, string refundId, CancellationToken cancellationToken)
    {
        var response = await target.Send(HttpMethod.Get, $"v1/refunds/{refundId}", null, cancellationToken);
        if (response.Status == 404)
        {
            return new RefundSeen(false, null, null, 0, 0, null, null);
        }

        if (!response.IsSuccess)
        {
            return new RefundSeen(false, null, null, 0, 0, null, $"HTTP {response.StatusKey}");
        }

        try
        {
            using var document = JsonDocument.Parse(response.Body!);
            var view = document.RootElement;
            string? Text(string name) => view.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            decimal Money(string name) => view.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : 0;
            return new RefundSeen(true, Text("status"), Text("automation"), Money("requestedAmount"), Money("refundedAmount"), Text("payoutKey"), null);
        }
        catch (JsonException e)
        {
            return new RefundSeen(false, null, null, 0, 0, null, $"unreadable view: {e.Message}");
        }
    }

    /// <summary>Memory storage: the embedded payout store's row under the view's payout key, else what the view says.</summary>
    private static async Task<PayoutSeen?> FromStoreOrView(IPayoutStore? store, RefundSeen view, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        if (view.PayoutKey is null)
        {
            return new PayoutSeen(0, 0, true);
        }

        if (store is null)
        {
            // Only the view: one payout key, of the refunded amount (whether it was paid is not exposed).
            return new PayoutSeen(1, view.RefundedAmount, true);
        }

        var row = await store.Find(view.PayoutKey);
        return row is null ? new PayoutSeen(0, 0, true) : new PayoutSeen(1, row.Request.Amount, row.Status == PayoutStatus.Paid);
    }

    /// <summary>The run's payout rows per refund, in one grouped query (refund ids of a run start with <c>r-{runId}-</c>).</summary>
    internal static async Task<IReadOnlyDictionary<string, PayoutSeen>> PayoutRows(string connectionString, string runId, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Enlist = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT refund_id, count(*), sum(amount), bool_and(status = 'paid') FROM refundcluster_payouts " +
            "WHERE starts_with(refund_id, $1) GROUP BY refund_id", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"r-{runId}-" });
        var rows = new Dictionary<string, PayoutSeen>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows[reader.GetString(0)] = new PayoutSeen((int)reader.GetInt64(1), reader.GetDecimal(2), reader.GetBoolean(3));
        }

        return rows;
    }
}
