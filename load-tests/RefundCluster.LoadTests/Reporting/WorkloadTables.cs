using RefundCluster.Performance.Measuring;
using static RefundCluster.LoadTests.Reporting.ReportFormat;

namespace RefundCluster.LoadTests.Reporting;

/// <summary>A table of the report, the same in Markdown and HTML: a title, notes, a header row and rows of text cells.</summary>
internal sealed record ReportTable(string Id, string Title, IReadOnlyList<string> Notes, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// The event-level tables (issue 12): events offered and applied per second with batch latency; answers by HTTP
/// status; events not applied by reason; and what the cluster spent per event (PostgreSQL commits and row writes,
/// silo and PostgreSQL CPU). Each step, then the measured run.
/// </summary>
internal static class WorkloadTables
{
    /// <summary>The status columns always shown; any other status gets a column of its own after them.</summary>
    private static readonly string[] StatusColumns = ["200", "429", "503 with Retry-After", "503 without Retry-After", "timeout"];

    public static IReadOnlyList<ReportTable> Of(RunReport report)
    {
        var tables = new List<ReportTable>();
        if (report.Steps.Any(s => s.EventsOffered > 0))
        {
            tables.Add(Events(report));
        }

        if (report.Steps.Any(s => s.StatusCodes.Count > 0))
        {
            tables.Add(Statuses(report));
        }

        if (report.Workload is { NotApplied.Count: > 0 } workload)
        {
            tables.Add(new ReportTable("not-applied", "Events not applied", ["By the item's problem code, or the status of a request that failed as a whole (measured steps)."],
                ["Reason", "Events"], [.. workload.NotApplied.Select(c => (IReadOnlyList<string>)[c.Key, Count(c.Value)])]));
        }

        if (report.Steps.Any(s => s.Resources is not null) || report.Resources is not null)
        {
            tables.Add(Resources(report));
        }

        if (report.Resources?.Run is { Database.ByTable.IsEmpty: false } run)
        {
            tables.Add(RowWritesByTable(run));
        }

        tables.AddRange(HealthTables.Of(report));
        return tables;
    }

    /// <summary>The lifecycle audit: what was expected of how many, and what was wrong (null: no lifecycle audit).</summary>
    public static ReportTable? LifecycleAudit(LifecycleAuditReport? audit)
    {
        if (audit is null)
        {
            return null;
        }

        var rows = new List<IReadOnlyList<string>>();
        rows.AddRange(audit.Expected.Select(e => (IReadOnlyList<string>)["expected: " + e.Key, Count(e.Value)]));
        rows.AddRange(audit.Mismatches.Select(m => (IReadOnlyList<string>)["wrong: " + m.Key, Count(m.Value)]));
        rows.Add(["not predictable (an event got no telling answer)", Count(audit.Skipped)]);
        return new ReportTable("lifecycle-audit", $"Lifecycle audit — {Verdict(audit.Passed)}", [
            $"{Count(audit.Correct)} of {Count(audit.Checked)} checked lifecycles right ({Count(audit.Lifecycles)} started), read in {Duration(audit.Duration)}; " +
            $"payouts from {audit.PayoutSource}. Each refund's status and automation against what its lifecycle did; each refunded refund has exactly one payout of its amount, paid; no other refund has one.",
            .. audit.Examples.Select(e => "example: " + e),
        ], ["Lifecycles", "Count"], rows);
    }

    /// <summary>The replay audit: what the recording's replay expected of how many refunds, and what was wrong (null: no replay).</summary>
    public static ReportTable? ReplayAudit(ReplayAuditReport? audit)
    {
        if (audit is null)
        {
            return null;
        }

        var rows = new List<IReadOnlyList<string>>();
        rows.AddRange(audit.Expected.Select(e => (IReadOnlyList<string>)["expected: " + e.Key, Count(e.Value)]));
        rows.AddRange(audit.Mismatches.Select(m => (IReadOnlyList<string>)["wrong: " + m.Key, Count(m.Value)]));
        return new ReportTable("replay-audit", $"Replay audit — {Verdict(audit.Passed)}", [
            $"{Count(audit.Correct)} of {Count(audit.Refunds)} refunds right, of {Count(audit.CheckedOrders)} orders ({Count(audit.Orders)} replayed; " +
            $"{Count(audit.SkippedOrders)} not predictable: an event got no telling answer), read in {Duration(audit.Duration)}. " +
            $"Each refund's status, automation and refunded amount (GET /v1/refunds/{{id}}) against the recording replayed through the pure core under the replay policy ({audit.Policy}).",
            $"Events the target refused: {Count(audit.EventsRefused)} (kept in the expected replay); shed (429/503, left out of it): {Count(audit.EventsShed)}; " +
            $"skipped by the expected replay (its state refused them): {Count(audit.EventsSkippedByReplay)}.",
            .. audit.Examples.Select(e => "example: " + e),
        ], ["Refunds", "Count"], rows);
    }

    private static ReportTable Events(RunReport report)
    {
        var batched = report.Steps.Any(s => s.Batches > 0);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var s in report.Steps)
        {
            var batch = s.Kinds.FirstOrDefault(k => k.Kind == "batch")?.Latency;
            rows.Add([StepName(s), Rate(s.OfferedEventRate), Rate(s.EventRate), Count(s.EventsOffered), Count(s.Events), Count(s.EventsOffered - s.Events),
                Count(s.LateEvents), .. batched ? [Count(s.Batches), Ms(batch?.P50Ms ?? double.NaN), Ms(batch?.P99Ms ?? double.NaN), Ms(batch?.MaxMs ?? double.NaN)] : Array.Empty<string>()]);
        }

        if (report.Workload is { } w)
        {
            rows.Add([MeasuredRow, Rate(w.OfferedEventRate), Rate(w.AppliedEventRate), Count(w.EventsOffered), Count(w.EventsApplied), Count(w.EventsOffered - w.EventsApplied),
                Count(w.LateEvents), .. batched ? [Count(w.Batches), Ms(w.BatchLatency?.P50Ms ?? double.NaN), Ms(w.BatchLatency?.P99Ms ?? double.NaN), Ms(w.BatchLatency?.MaxMs ?? double.NaN)] : Array.Empty<string>()]);
        }

        string[] headers = ["Step", "Offered events/s", "Applied events/s", "Offered", "Applied", "Not applied", "Late",
            .. batched ? ["Batches", "Batch p50 ms", "Batch p99 ms", "Batch max ms"] : Array.Empty<string>()];
        return new ReportTable("events", "Events", [
            "Offered events/s: events due within the step, over its duration (the last step's lifecycles' later stages, due after it, are left out of the rate, not of the counts); applied: accepted (or duplicate) events, over the step's span until its last answer. " +
            "With batches, a step holds the batches intended to go during it.",
            "Late: a lifecycle stage that could not go when due because the stage before it was not answered yet (sent late, timed from when it was due).",
            .. batched ? ["Batch latency is measured from each batch's intended send time: when it filled up, or its oldest event's due time plus the send window, whichever is earlier."] : Array.Empty<string>(),
        ], headers, rows);
    }

    private static ReportTable Statuses(RunReport report)
    {
        var others = report.Steps.SelectMany(s => s.StatusCodes.Keys).Distinct(StringComparer.Ordinal)
            .Where(k => !StatusColumns.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var columns = StatusColumns.Concat(others).ToList();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var s in report.Steps)
        {
            rows.Add([StepName(s), .. columns.Select(c => Count(s.StatusCodes.GetValueOrDefault(c)))]);
        }

        if (report.Workload is { } w)
        {
            rows.Add([MeasuredRow, .. columns.Select(c => Count(w.StatusCodes.GetValueOrDefault(c)))]);
        }

        return new ReportTable("statuses", "HTTP status codes", [
            "Every answer by status (a batch counts once). timeout: no answer within the client's 30 s; no answer: the connection failed.",
        ], ["Step", .. columns], rows);
    }

    private static ReportTable Resources(RunReport report)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var s in report.Steps.Where(s => s.Resources is not null))
        {
            rows.Add(ResourceRow(StepName(s), s.Resources!));
        }

        var notes = new List<string>
        {
            "Per event applied. Commits and row writes: pg_stat_database deltas of the target database (xact_commit; tup_inserted + tup_updated + tup_deleted), " +
            "read-only transactions included (PostgreSQL counts every commit). A step runs from its start to its end.",
        };
        if (report.Resources is { } run)
        {
            rows.Add(ResourceRow("run (measured steps, until timers and payouts settled)", run.Run));
            notes.Add("The run row spans the first measured step's start to after the run, once the seller timers fired and payouts went out, " +
                      "over the events applied in the measured steps: everything the events caused.");
            notes.AddRange(new[] { run.SiloNote, run.PostgresNote }.OfType<string>());
        }

        return new ReportTable("resources", "Cluster cost per event", notes,
            ["Interval", "Span", "Events applied", "Commits/event", "Row writes/event", "Commits", "Row writes", "Silo CPU ms/event", "Silo cores", "PostgreSQL CPU ms/event", "PostgreSQL cores"],
            rows);
    }

    private static ReportTable RowWritesByTable(ResourceUse run)
    {
        var database = run.Database!;
        var rows = database.ByTable.OrderByDescending(t => t.Value)
            .Select(t => (IReadOnlyList<string>)[t.Key, Count(t.Value), Fixed(run.EventsApplied > 0 ? (double)t.Value / run.EventsApplied : double.NaN)])
            .ToList();
        var catalogs = database.RowWrites - database.ByTable.Values.Sum();
        if (catalogs != 0)
        {
            rows.Add(["system catalogs", Count(catalogs), Fixed(run.EventsApplied > 0 ? (double)catalogs / run.EventsApplied : double.NaN)]);
        }

        rows.Add(["all", Count(database.RowWrites), Fixed(run.RowWritesPerEvent)]);
        rows.Add([$"all but {PgStatDelta.SimulatedGatewayTable}", Count(database.ClusterRowWrites), Fixed(run.ClusterRowWritesPerEvent)]);
        return new ReportTable("row-writes", "Row writes by table (run)", [
            "pg_stat_all_tables deltas over the run row above (inserted + updated + deleted; a TOAST table under its owner's name). " +
            $"{PgStatDelta.SimulatedGatewayTable} is the simulated payment gateway's book: a payment provider's in production, " +
            "so the last row is what the cluster itself writes.",
        ], ["Table", "Row writes", "Per event"], rows);
    }

    private static IReadOnlyList<string> ResourceRow(string name, ResourceUse use) =>
    [
        name, Duration(use.Span), Count(use.EventsApplied), Fixed(use.CommitsPerEvent), Fixed(use.RowWritesPerEvent),
        use.Database is { } d ? Count(d.Commits) : Dash, use.Database is { } w ? Count(w.RowWrites) : Dash,
        Fixed(use.SiloCpuMsPerEvent), Fixed(use.SiloCores), Fixed(use.PostgresCpuMsPerEvent), Fixed(use.PostgresCores),
    ];

    private const string MeasuredRow = "measured steps";

    private static string StepName(StepReport step) => step.Warmup ? $"{step.Name} (warm-up)" : step.Name;

    private static string Fixed(double value) =>
        !double.IsFinite(value) ? Dash : value.ToString(Math.Abs(value) < 10 ? "0.00" : "#,0.0", System.Globalization.CultureInfo.InvariantCulture);
}
