using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Recording;
using RefundCluster.Domain.Refunds;
using RefundCluster.Grains.Recording;
using RefundCluster.LoadTests.Recordings;
using RefundCluster.LoadTests.Reporting;
using RefundCluster.LoadTests.Scenarios;
using RefundCluster.LoadTests.Targets;
using RecordedEnd = RefundCluster.Contracts.Recording.RefundEnd;

namespace RefundCluster.LoadTests.Auditing;

/// <summary>
/// The replay audit (<c>run --replay</c>): after the recording's last line's moment has passed on the target, every
/// refund the replayed orders name is read back (<c>GET /v1/refunds/{id}</c>) and its status, automation and refunded
/// amount compared with what the recording gives when replayed through the pure core under the replay policy
/// (<see cref="OrderReplay"/>, with the run's ids, up to the recording's time the replay has reached). Events the
/// target shed (429, 503) or that were never sent are left out of that replay, as the target never saw them; an order
/// with an event that got no telling answer (a timeout) cannot be predicted and is skipped. An event the target refused
/// stays in: the pure core refuses it too if the two agree. Refunds that do not match are read again for a grace
/// period (a deadline due just as it was read fires on the target a little late).
/// </summary>
public static class ReplayAudit
{
    private const int MaxExamples = 10;

    public static async Task<ReplayAuditReport> Run(ITarget target, ReplayScenario scenario, TimeSpan grace, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var orders = scenario.Orders;
        var traces = scenario.Replays.Traces;
        var checkedOrders = new List<(long Order, IReadOnlyList<RecordedInput> Lines, IReadOnlyList<string> Refunds)>();
        long skipped = 0, refused = 0, shed = 0;
        for (var n = 0L; n < orders.Count; n++)
        {
            var events = orders[(int)n].Where(l => l.Event is not null).ToList();
            var answers = traces.TryGetValue(n, out var trace) ? trace.Answers : [.. events.Select(_ => ReplayAnswer.NotSent)];
            refused += answers.Count(a => a == ReplayAnswer.Refused);
            shed += answers.Count(a => a == ReplayAnswer.Shed);
            if (answers.Contains(ReplayAnswer.Unknown))
            {
                skipped++;
                continue;
            }

            // The lines the target saw: every firing (the pure core fires what is due), every event it looked at.
            var seen = new HashSet<RecordedInput>(ReferenceEqualityComparer.Instance);
            for (var k = 0; k < events.Count; k++)
            {
                if (answers[k] is ReplayAnswer.Applied or ReplayAnswer.Refused)
                {
                    seen.Add(events[k]);
                }
            }

            var lines = orders[(int)n].Where(l => l.Event is null || seen.Contains(l)).ToList();
            var refunds = events.Select(l => l.Event).OfType<RefundIntegratorEvent>().Select(e => e.RefundId).Distinct(StringComparer.Ordinal).ToList();
            checkedOrders.Add((n, lines, refunds));
        }

        var deadline = Stopwatch.GetTimestamp() + (long)(grace.TotalSeconds * Stopwatch.Frequency);
        var pending = checkedOrders;
        var verdicts = new ConcurrentDictionary<string, RefundVerdict>(StringComparer.Ordinal);
        var skippedEvents = new ConcurrentDictionary<long, int>();
        while (true)
        {
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken }, async (order, ct) =>
            {
                var seen = new Dictionary<string, RefundSeen>(StringComparer.Ordinal);
                foreach (var refund in order.Refunds)
                {
                    seen[refund] = await ReadRefund(target, refund, ct);
                }

                // Up to the time the target has reached now that the reads are done: what it fired by then, the replay fires too.
                var replayed = OrderReplay.Run(order.Lines, scenario.Policy, scenario.RecordedNow());
                skippedEvents[order.Order] = replayed.Skipped.Count;
                foreach (var refund in order.Refunds)
                {
                    var expected = replayed.Order?.Refund(refund) is { } state ? RecordedEnd.Of(state) : null;
                    verdicts[refund] = new RefundVerdict(order.Order, expected, Compare(expected, seen[refund]));
                }
            });

            pending = [.. pending.Where(o => o.Refunds.Any(r => verdicts[r].Problems.Count > 0))];
            if (pending.Count == 0 || Stopwatch.GetTimestamp() > deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        var all = checkedOrders.SelectMany(o => o.Refunds).Select(r => (Refund: r, Verdict: verdicts[r])).ToList();
        var wrong = all.Where(v => v.Verdict.Problems.Count > 0).ToList();
        var mismatches = wrong.SelectMany(v => v.Verdict.Problems.Select(LifecycleAudit.Kind))
            .GroupBy(k => k, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        var expectedEnds = all.GroupBy(v => Describe(v.Verdict.Expected), StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        var examples = wrong.Take(MaxExamples)
            .Select(v => $"refund {v.Refund} (order {orders[(int)v.Verdict.Order][0].OrderId}, expected {Describe(v.Verdict.Expected, amount: true)}): {string.Join("; ", v.Verdict.Problems)}")
            .ToList();
        return new ReplayAuditReport(
            orders.Count, checkedOrders.Count, skipped, all.Count, all.Count - wrong.Count, expectedEnds, mismatches, examples,
            refused, shed, skippedEvents.Values.Sum(), scenario.PolicySource, clock.Elapsed);
    }

    /// <summary>A refund as the API shows it: null fields when it does not exist (404); a read error is a failure of its own.</summary>
    internal sealed record RefundSeen(bool Exists, string? Status, string? Automation, decimal RefundedAmount, string? Error);

    private sealed record RefundVerdict(long Order, RecordedEnd? Expected, IReadOnlyList<string> Problems);

    /// <summary>Everything wrong with one refund (empty: it is right); <paramref name="expected"/> null: the replay has no such refund.</summary>
    internal static IReadOnlyList<string> Compare(RecordedEnd? expected, RefundSeen seen)
    {
        if (seen.Error is not null)
        {
            return [$"read failed: {seen.Error}"];
        }

        if (expected is null)
        {
            return seen.Exists ? [$"unexpected refund: found {seen.Status} by {seen.Automation}"] : [];
        }

        if (!seen.Exists)
        {
            return ["refund missing: not found"];
        }

        var problems = new List<string>();
        if (seen.Status != WhatIfCommand.Wire(expected.Status))
        {
            problems.Add($"wrong status: found {seen.Status}");
        }

        if (seen.Automation != WhatIfCommand.Wire(expected.Automation))
        {
            problems.Add($"wrong automation: found {seen.Automation}");
        }

        if (seen.RefundedAmount != expected.RefundedAmount)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"wrong refunded amount: found {seen.RefundedAmount:0.00}"));
        }

        return problems;
    }

    /// <summary>"succeeded by timeout" ("…, 60.00 refunded" with the amount); "no refund".</summary>
    internal static string Describe(RecordedEnd? end, bool amount = false) => end is null
        ? "no refund"
        : string.Create(CultureInfo.InvariantCulture,
            $"{WhatIfCommand.Wire(end.Status)}{(end.Automation == Automation.None ? "" : $" by {WhatIfCommand.Wire(end.Automation)}")}{(amount ? $", {end.RefundedAmount:0.00} refunded" : "")}");

    private static async Task<RefundSeen> ReadRefund(ITarget target, string refundId, CancellationToken cancellationToken)
    {
        var response = await target.Send(HttpMethod.Get, $"v1/refunds/{refundId}", null, cancellationToken);
        if (response.Status == 404)
        {
            return new RefundSeen(false, null, null, 0, null);
        }

        if (!response.IsSuccess)
        {
            return new RefundSeen(false, null, null, 0, $"HTTP {response.StatusKey}");
        }

        try
        {
            using var document = JsonDocument.Parse(response.Body!);
            var view = document.RootElement;
            string? Text(string name) => view.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var refunded = view.TryGetProperty("refundedAmount", out var amount) && amount.ValueKind == JsonValueKind.Number ? amount.GetDecimal() : 0;
            return new RefundSeen(true, Text("status"), Text("automation"), refunded, null);
        }
        catch (JsonException e)
        {
            return new RefundSeen(false, null, null, 0, $"unreadable view: {e.Message}");
        }
    }
}
