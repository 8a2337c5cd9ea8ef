using System.Globalization;
using System.Text;
using static RefundCluster.LoadTests.Reporting.ReportFormat;

namespace RefundCluster.LoadTests.Reporting;

/// <summary>
/// The report as one self-contained HTML file: inline CSS, charts as inline SVG drawn here, no script and no
/// external resource of any kind, so it opens from a CI artefact or an e-mail attachment on a machine with no network.
/// </summary>
public static class HtmlReport
{
    /// <summary>Bars per chart before the errors chart sums neighbouring seconds.</summary>
    private const int MaxBars = 240;

    private const string TargetColor = "#94a3b8";
    private const string AchievedColor = "#2563eb";
    private const string RequestsColor = "#7c3aed";
    private const string P50Color = "#16a34a";
    private const string P99Color = "#dc2626";
    private const string ErrorColor = "#dc2626";
    private const string RejectedColor = "#f59e0b";
    private const string StepColor = "#2563eb";
    private const string WarmupColor = "#cbd5e1";

    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(64 * 1024);
        var verdict = Verdict(report.Passed);

        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E($"Load test: {report.Scenario} — {verdict}")).Append("</title>\n")
            .Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n");

        Header(html, report);
        Timeline(html, report);
        Steps(html, report.Steps);
        foreach (var table in WorkloadTables.Of(report))
        {
            Table(html, table);
        }

        Thresholds(html, report.Thresholds, report.ThresholdScope);
        Knee(html, report.Knee);
        Ceilings(html, report.Ceilings);
        if (WorkloadTables.LifecycleAudit(report.Lifecycles) is { } lifecycleAudit)
        {
            Table(html, lifecycleAudit);
        }

        if (WorkloadTables.ReplayAudit(report.Replay) is { } replayAudit)
        {
            Table(html, replayAudit);
        }

        if (report.Audit is not null || report.Replay is null)
        {
            // A replay is audited by its own table above.
            Audit(html, report.Audit);
        }

        html.Append("<footer>RefundCluster load test · latencies are measured from each request's intended send time ")
            .Append("(coordinated-omission corrected)</footer>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Header(StringBuilder html, RunReport report)
    {
        var passed = report.Passed;
        html.Append("<header>\n<h1>").Append(E(report.Scenario)).Append(" <span class=\"badge ").Append(passed ? "pass" : "fail").Append("\">")
            .Append(Verdict(passed)).Append("</span></h1>\n<dl class=\"meta\">\n");
        Meta(html, "Target", report.Target);
        Meta(html, "Profile", report.Profile);
        Meta(html, "Started", Timestamp(report.StartedAt));
        Meta(html, "Duration", Duration(report.Duration));
        html.Append("</dl>\n</header>\n");

        var measured = report.Steps.Where(s => !s.Warmup).ToList();
        var thresholdsHeld = report.Thresholds.Count(t => t.Passed);
        html.Append("<section class=\"cards\">\n");
        Card(html, "Requests OK", Count(report.Steps.Sum(s => s.Ok)));
        Card(html, "Errors", Count(report.Steps.Sum(s => s.Errors)), report.Steps.Any(s => s.Errors > 0) ? "bad" : null);
        Card(html, "Rejected (429/503)", Count(report.Steps.Sum(s => s.Rejected)), report.Steps.Any(s => s.Rejected > 0) ? "warn" : null);
        Card(html, "Peak achieved", measured.Count == 0 ? Dash : Rate(measured.Max(s => s.AchievedRate)) + " requests/s");
        Card(html, "Worst p99", measured.Count == 0 ? Dash : Ms(measured.Max(s => s.Latency.P99Ms)) + " ms");
        Card(html, "Thresholds", report.Thresholds.Count == 0 ? Dash : $"{thresholdsHeld}/{report.Thresholds.Count} held",
            thresholdsHeld < report.Thresholds.Count ? "bad" : null);
        if (report.Workload is { EventsOffered: > 0 } workload)
        {
            Card(html, "Events applied/s (offered)", $"{Rate(workload.AppliedEventRate)} ({Rate(workload.OfferedEventRate)})",
                workload.EventsApplied < workload.EventsOffered ? "warn" : null);
            if (workload.BatchLatency is { } batch)
            {
                Card(html, "Batch p99", Ms(batch.P99Ms) + " ms");
            }
        }

        if (report.Resources?.Run is { Database: not null } run)
        {
            var writes = string.Create(CultureInfo.InvariantCulture, $"{run.CommitsPerEvent:0.00} / {run.RowWritesPerEvent:0.00}");
            if (double.IsFinite(run.ClusterRowWritesPerEvent) && run.ClusterRowWritesPerEvent < run.RowWritesPerEvent)
            {
                writes += string.Create(CultureInfo.InvariantCulture, $" ({run.ClusterRowWritesPerEvent:0.00} without the simulated gateway)");
            }

            Card(html, "Commits / row writes per event", writes);
        }

        if (report.Audit is { } audit)
        {
            Card(html, "Audit", $"{Count(audit.Correct)}/{Count(audit.Checked)} correct", audit.Passed ? null : "bad");
        }

        if (report.Lifecycles is { } lifecycles)
        {
            Card(html, "Lifecycle audit", $"{Count(lifecycles.Correct)}/{Count(lifecycles.Checked)} right", lifecycles.Passed ? null : "bad");
        }

        if (report.Replay is { } replay)
        {
            Card(html, "Replay audit", $"{Count(replay.Correct)}/{Count(replay.Refunds)} refunds right", replay.Passed ? null : "bad");
        }

        html.Append("</section>\n");
    }

    private static void Timeline(StringBuilder html, RunReport report)
    {
        var points = report.Timeline.Where(p => double.IsFinite(p.Second)).OrderBy(p => p.Second).ToList();
        var spacing = Spacing(points);
        (double, double)? range = points.Count == 0
            ? null
            : (Math.Min(0, points[0].Second - spacing / 2), points[^1].Second + spacing / 2);
        var markers = StepMarkers(report.Steps);

        html.Append("<section id=\"throughput\">\n<h2>Throughput</h2>\n")
            .Append("<p class=\"note\">Offered load (target rate) against iterations completed per second, both in iterations/s. ")
            .Append(E(UnitsNote)).Append(".</p>\n")
            .Append(SvgChart.Line("Throughput over time: target and achieved iterations per second", "Time (s)", "iterations/s",
            [
                new LineSeries("Target rate (iterations/s)", TargetColor, [.. points.Select(p => new ChartPoint(p.Second, p.TargetRate))], Dashed: true),
                new LineSeries("Achieved (iterations/s)", AchievedColor, [.. points.Select(p => new ChartPoint(p.Second, p.Iterations))]),
            ], range, markers)).Append('\n')
            .Append(SvgChart.Line("Requests per second", "Time (s)", "requests/s",
            [
                new LineSeries("Requests completed (requests/s)", RequestsColor, [.. points.Select(p => new ChartPoint(p.Second, p.Throughput))]),
            ], range, markers)).Append("\n</section>\n");

        html.Append("<section id=\"latency\">\n<h2>Latency</h2>\n")
            .Append("<p class=\"note\">Per second, in milliseconds from each request's intended send time.</p>\n")
            .Append(SvgChart.Line("Latency over time: p50 and p99", "Time (s)", "ms",
            [
                new LineSeries("p50", P50Color, [.. points.Select(p => new ChartPoint(p.Second, p.P50Ms))]),
                new LineSeries("p99", P99Color, [.. points.Select(p => new ChartPoint(p.Second, p.P99Ms))]),
            ], range, markers)).Append("\n</section>\n");

        // Long runs: sum neighbouring seconds so the bars stay readable.
        var perBar = Math.Max(1, (int)Math.Ceiling(points.Count / (double)MaxBars));
        var buckets = points.Chunk(perBar).ToList();
        var yLabel = perBar == 1 ? "requests per second" : string.Create(CultureInfo.InvariantCulture, $"requests per {Number(perBar * spacing)} s");
        html.Append("<section id=\"errors\">\n<h2>Errors and rejections</h2>\n")
            .Append("<p class=\"note\">Failed requests and requests the cluster shed (HTTP 429/503), stacked.</p>\n")
            .Append(SvgChart.StackedBars("Errors and rejections over time", "Time (s)", yLabel,
                [.. buckets.Select(b => b.Average(p => p.Second))], perBar * spacing,
                [
                    new BarLayer("Errors", ErrorColor, [.. buckets.Select(b => (double)b.Sum(p => p.Errors))]),
                    new BarLayer("Rejected (429/503)", RejectedColor, [.. buckets.Select(b => (double)b.Sum(p => p.Rejected))]),
                ], range, markers)).Append("\n</section>\n");
    }

    private static void Steps(StringBuilder html, IReadOnlyList<StepReport> steps)
    {
        html.Append("<section id=\"steps\">\n<h2>Steps</h2>\n");
        if (steps.Count == 0)
        {
            html.Append("<p>No steps were run.</p>\n</section>\n");
            return;
        }

        IReadOnlyList<(string, string)>? legend = steps.Any(s => s.Warmup) ? [("p99", StepColor), ("p99 (warm-up)", WarmupColor)] : null;
        html.Append(SvgChart.Categories("p99 latency per step", "p99 (ms)",
            [.. steps.Select(s => new CategoryBar(s.Name, s.Latency.P99Ms, s.Warmup ? WarmupColor : StepColor))], Ms, legend)).Append('\n');

        html.Append("<div class=\"scroll\"><table>\n<thead><tr><th>Step</th><th>Duration</th><th>Target (iterations/s)</th><th>Achieved (iterations/s)</th><th>Requests/s</th>")
            .Append("<th>OK</th><th>Errors</th><th>Rejected (429/503)</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th>")
            .Append("<th>max ms</th></tr></thead>\n<tbody>\n");
        foreach (var step in steps)
        {
            var l = step.Latency;
            html.Append(step.Warmup ? "<tr class=\"warmup\">" : "<tr>").Append("<td>").Append(E(step.Name))
                .Append(step.Warmup ? " <span class=\"tag\">warm-up</span>" : "").Append("</td>");
            Num(html, Duration(step.Duration), Rate(step.TargetRate), Rate(step.IterationRate), Rate(step.AchievedRate), Count(step.Ok),
                Count(step.Errors), Count(step.Rejected), Ms(l.P50Ms), Ms(l.P90Ms), Ms(l.P99Ms), Ms(l.P999Ms), Ms(l.MaxMs));
            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n<p class=\"note\">").Append(E(UnitsNote)).Append(".</p>\n");
        if (steps.Any(s => s.Warmup))
        {
            html.Append("<p class=\"note\">Warm-up steps are shown but excluded from thresholds.</p>\n");
        }

        foreach (var step in steps.Where(s => !s.Warmup && s.Kinds.Count > 0))
        {
            html.Append("<h3>Latency by kind: ").Append(E(step.Name)).Append("</h3>\n<div class=\"scroll\"><table>\n")
                .Append("<thead><tr><th>Kind</th><th>Count</th><th>Errors</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th>")
                .Append("<th>p99.9 ms</th><th>max ms</th><th>mean ms</th></tr></thead>\n<tbody>\n");
            foreach (var kind in step.Kinds)
            {
                var l = kind.Latency;
                html.Append("<tr><td>").Append(E(kind.Kind)).Append("</td>");
                Num(html, Count(kind.Count), Count(kind.Errors), Ms(l.P50Ms), Ms(l.P90Ms), Ms(l.P99Ms), Ms(l.P999Ms), Ms(l.MaxMs), Ms(l.MeanMs));
                html.Append("</tr>\n");
            }

            html.Append("</tbody>\n</table></div>\n");
        }

        html.Append("</section>\n");
    }

    private static void Thresholds(StringBuilder html, IReadOnlyList<ThresholdResult> thresholds, string? scope)
    {
        html.Append("<section id=\"thresholds\">\n<h2>Thresholds</h2>\n");
        if (thresholds.Count == 0)
        {
            html.Append("<p>No thresholds were set.</p>\n</section>\n");
            return;
        }

        if (scope is not null)
        {
            html.Append("<p class=\"note\">").Append(E(scope)).Append(".</p>\n");
        }

        html.Append("<table class=\"compact\">\n<thead><tr><th>Threshold</th><th>Actual</th><th>Result</th></tr></thead>\n<tbody>\n");
        foreach (var t in thresholds)
        {
            html.Append("<tr><td><code>").Append(E(t.Expression)).Append("</code></td><td class=\"num\">").Append(E(Number(t.Actual)))
                .Append("</td><td class=\"").Append(t.Passed ? "pass" : "fail").Append("\">").Append(Mark(t.Passed)).Append(' ')
                .Append(t.Passed ? "held" : "breached").Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Knee(StringBuilder html, KneeReport? knee)
    {
        if (knee is null)
        {
            return;
        }

        html.Append("<section id=\"knee\">\n<h2>Knee</h2>\n<p class=\"note\">")
            .Append(E(knee.HighestHeldStep is null
                ? "The thresholds broke at the first measured step."
                : $"Highest rate at which every threshold held: {Rate(knee.HighestHeldRate)} iterations/s ({knee.HighestHeldStep})" +
                  (knee.FirstBreachedStep is null ? "; they held at every step." : $"; first breached at {knee.FirstBreachedStep}.")))
            .Append("</p>\n")
            .Append(knee.ColdStartWarning is { } warning ? $"<p class=\"warning\"><strong>Warning:</strong> {E(warning)}</p>\n" : "")
            .Append("<table class=\"compact\">\n<thead><tr><th>Step</th><th>Target (iterations/s)</th><th>Thresholds</th></tr></thead>\n<tbody>\n");
        foreach (var step in knee.Steps)
        {
            html.Append("<tr><td>").Append(E(step.Step)).Append("</td><td class=\"num\">").Append(E(Rate(step.Rate)))
                .Append("</td><td>").Append(step.Held ? "✓ " : "✗ ").Append(E(step.Detail)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Ceilings(StringBuilder html, IReadOnlyList<CeilingReport> ceilings)
    {
        if (ceilings.Count == 0)
        {
            return;
        }

        html.Append("<section id=\"ceilings\">\n<h2>Ceilings</h2>\n")
            .Append("<p class=\"note\">Raw capacity measured in the same run, and the scenario's matching figure as a share of it ")
            .Append("(requests/s against request ceilings, acknowledged durable events/s against the database's upsert ceiling).</p>\n")
            .Append("<table class=\"compact\">\n<thead><tr><th>Ceiling</th><th>ops/s</th><th>Scenario figure compared</th><th>Scenario share</th></tr></thead>\n<tbody>\n");
        foreach (var c in ceilings)
        {
            var width = double.IsFinite(c.ScenarioShare) ? Math.Clamp(c.ScenarioShare * 100, 0, 100) : 0;
            html.Append("<tr><td>").Append(E(c.Name)).Append("</td><td class=\"num\">").Append(E(Rate(c.OperationsPerSecond)))
                .Append("</td><td class=\"num\">").Append(E(Compared(c)))
                .Append("</td><td class=\"num\"><span class=\"share\"><span style=\"width:").Append(Coord(width)).Append("%\"></span></span> ")
                .Append(E(Percent(c.ScenarioShare))).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Audit(StringBuilder html, AuditReport? audit)
    {
        html.Append("<section id=\"audit\">\n<h2>Audit</h2>\n");
        if (audit is null)
        {
            html.Append("<p>No audit was run.</p>\n</section>\n");
            return;
        }

        html.Append("<table class=\"compact\">\n<thead><tr><th class=\"num\">Checked</th><th>Correct</th><th>Result</th></tr></thead>\n<tbody>\n<tr>");
        Num(html, Count(audit.Checked), Count(audit.Correct));
        html.Append("<td class=\"").Append(audit.Passed ? "pass" : "fail").Append("\">").Append(Mark(audit.Passed)).Append(' ')
            .Append(Verdict(audit.Passed)).Append("</td></tr>\n</tbody>\n</table>\n");

        if (audit.Failures.Count > 0)
        {
            var shown = Math.Min(audit.Failures.Count, MaxAuditFailuresShown);
            html.Append("<h3>Failures").Append(shown < audit.Failures.Count ? $" (first {shown} of {Count(audit.Failures.Count)})" : "")
                .Append("</h3>\n<ol class=\"failures\">\n");
            foreach (var failure in audit.Failures.Take(shown))
            {
                html.Append("<li>").Append(E(failure)).Append("</li>\n");
            }

            html.Append("</ol>\n");
            if (shown < audit.Failures.Count)
            {
                html.Append("<p class=\"note\">The full list is in report.json.</p>\n");
            }
        }

        html.Append("</section>\n");
    }

    private static void Table(StringBuilder html, ReportTable table)
    {
        html.Append("<section id=\"").Append(E(table.Id)).Append("\">\n<h2>").Append(E(table.Title)).Append("</h2>\n");
        foreach (var note in table.Notes)
        {
            html.Append("<p class=\"note\">").Append(E(note)).Append("</p>\n");
        }

        html.Append("<div class=\"scroll\"><table>\n<thead><tr>");
        foreach (var header in table.Headers)
        {
            html.Append("<th>").Append(E(header)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr><td>").Append(E(row[0])).Append("</td>");
            Num(html, [.. row.Skip(1)]);
            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n</section>\n");
    }

    // ---- Helpers.

    private static string E(string? text) => SvgChart.Encode(text);

    private static void Meta(StringBuilder html, string name, string value) =>
        html.Append("<div><dt>").Append(E(name)).Append("</dt><dd>").Append(E(value)).Append("</dd></div>\n");

    private static void Card(StringBuilder html, string name, string value, string? tone = null) =>
        html.Append("<div class=\"card").Append(tone is null ? "" : " " + tone).Append("\"><div class=\"value\">").Append(E(value))
            .Append("</div><div class=\"name\">").Append(E(name)).Append("</div></div>\n");

    private static void Num(StringBuilder html, params string[] cells)
    {
        foreach (var cell in cells)
        {
            html.Append("<td class=\"num\">").Append(E(cell)).Append("</td>");
        }
    }

    /// <summary>The usual gap between timeline points (1 s unless the points say otherwise).</summary>
    private static double Spacing(IReadOnlyList<TimelinePoint> points)
    {
        var gaps = points.Zip(points.Skip(1), (a, b) => b.Second - a.Second).Where(g => g > 0).Order().ToList();
        return gaps.Count == 0 ? 1 : gaps[gaps.Count / 2];
    }

    /// <summary>A line where each step starts (steps run back to back from second 0); warm-up steps shaded.</summary>
    private static List<ChartMarker> StepMarkers(IReadOnlyList<StepReport> steps)
    {
        var markers = new List<ChartMarker>(steps.Count);
        var start = 0.0;
        foreach (var step in steps)
        {
            var end = start + step.Duration.TotalSeconds;
            var label = step.Warmup && !step.Name.Contains("warm", StringComparison.OrdinalIgnoreCase) ? $"{step.Name} (warm-up)" : step.Name;
            markers.Add(new ChartMarker(start, label, step.Warmup ? end : null));
            start = end;
        }

        return markers;
    }

    private const string Css = """
        :root { --fg: #1e293b; --muted: #64748b; --line: #e2e8f0; --pass: #15803d; --fail: #b91c1c; --warn: #b45309; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #f8fafc; color: var(--fg);
               font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1200px; margin: 0 auto; padding: 24px; }
        h1 { font-size: 24px; margin: 0 0 8px; word-break: break-word; }
        h2 { font-size: 18px; margin: 0 0 4px; }
        h3 { font-size: 15px; margin: 20px 0 6px; }
        section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
        .badge { display: inline-block; font-size: 13px; font-weight: 700; letter-spacing: .05em; padding: 3px 10px;
                 border-radius: 999px; vertical-align: middle; color: #fff; }
        .badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); }
        .meta { display: flex; flex-wrap: wrap; gap: 4px 28px; margin: 0; }
        .meta dt { color: var(--muted); font-size: 12px; } .meta dd { margin: 0; font-weight: 600; word-break: break-word; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 12px; }
        .card { border-left: 4px solid var(--line); padding: 4px 12px; }
        .card .value { font-size: 20px; font-weight: 700; } .card .name { color: var(--muted); font-size: 12px; }
        .card.bad { border-color: var(--fail); } .card.bad .value { color: var(--fail); }
        .card.warn { border-color: #f59e0b; } .card.warn .value { color: var(--warn); }
        .note { color: var(--muted); margin: 0 0 8px; font-size: 13px; }
        .warning { color: #8a4b00; background: #fff4e0; border-left: 3px solid #e08a00; padding: 6px 10px; margin: 0 0 8px; font-size: 13px; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0; }
        table.compact { width: auto; min-width: 50%; }
        th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
        th { background: #f1f5f9; font-weight: 600; white-space: normal; vertical-align: bottom; }
        td.num, th.num, th:not(:first-child) { text-align: right; font-variant-numeric: tabular-nums; }
        tr.warmup td { color: var(--muted); }
        .tag { font-size: 11px; background: #e2e8f0; border-radius: 4px; padding: 1px 5px; }
        td.pass { color: var(--pass); font-weight: 600; } td.fail { color: var(--fail); font-weight: 600; }
        code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
        .share { display: inline-block; width: 120px; height: 8px; background: #e2e8f0; border-radius: 4px; vertical-align: middle; }
        .share span { display: block; height: 100%; background: #2563eb; border-radius: 4px; }
        .failures { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
        .failures li { word-break: break-word; }
        footer { color: var(--muted); font-size: 12px; text-align: center; margin: 24px 0; }
        svg.chart { width: 100%; height: auto; display: block; }
        .chart text { font-family: inherit; }
        .chart-axis { stroke: #94a3b8; stroke-width: 1; }
        .chart-grid { stroke: #eef2f6; stroke-width: 1; }
        .chart-line { stroke-width: 1.8; stroke-linejoin: round; stroke-linecap: round; }
        .chart-tick { font-size: 11px; fill: #64748b; }
        .chart-label { font-size: 12px; fill: #334155; }
        .chart-legend { font-size: 12px; fill: #334155; }
        .chart-value { font-size: 11px; fill: #334155; }
        .chart-empty { font-size: 14px; fill: #94a3b8; }
        .chart-band { fill: #f1f5f9; }
        .chart-marker { stroke: #cbd5e1; stroke-width: 1; stroke-dasharray: 3 3; }
        .chart-marker-label { font-size: 11px; fill: #94a3b8; }

        """;
}
