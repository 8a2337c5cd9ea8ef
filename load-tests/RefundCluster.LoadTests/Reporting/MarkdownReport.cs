using System.Text;
using static RefundCluster.LoadTests.Reporting.ReportFormat;

namespace RefundCluster.LoadTests.Reporting;

/// <summary>The report as GitHub-flavoured Markdown: for a PR comment, a wiki page or a terminal.</summary>
public static class MarkdownReport
{
    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();

        Headline(md, report);
        Steps(md, report.Steps);
        Kinds(md, report.Steps);
        foreach (var table in WorkloadTables.Of(report))
        {
            Table(md, table);
        }

        Thresholds(md, report.Thresholds, report.ThresholdScope);
        Knee(md, report.Knee);
        Ceilings(md, report.Ceilings);
        if (WorkloadTables.LifecycleAudit(report.Lifecycles) is { } lifecycleAudit)
        {
            Table(md, lifecycleAudit);
        }

        if (WorkloadTables.ReplayAudit(report.Replay) is { } replayAudit)
        {
            Table(md, replayAudit);
        }

        if (report.Audit is not null || report.Replay is null)
        {
            // A replay is audited by its own table above.
            Audit(md, report.Audit);
        }

        return md.ToString();
    }

    private static void Headline(StringBuilder md, RunReport report)
    {
        md.Append("# Load test: ").Append(Inline(report.Scenario)).Append(" — ").Append(Verdict(report.Passed)).Append('\n').Append('\n');
        md.Append("| | |\n|---|---|\n");
        Row(md, "Scenario", Cell(report.Scenario));
        Row(md, "Target", Cell(report.Target));
        Row(md, "Profile", Cell(report.Profile));
        Row(md, "Started", Timestamp(report.StartedAt));
        Row(md, "Duration", Duration(report.Duration));
        Row(md, "Result", $"**{Verdict(report.Passed)}**");
        md.Append('\n');
    }

    private static void Steps(StringBuilder md, IReadOnlyList<StepReport> steps)
    {
        md.Append("## Steps\n\n");
        if (steps.Count == 0)
        {
            md.Append("No steps were run.\n\n");
            return;
        }

        md.Append("| Step | Duration | Target (iterations/s) | Achieved (iterations/s) | Requests/s | OK | Errors | Rejected (429/503) | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |\n");
        md.Append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        foreach (var step in steps)
        {
            var l = step.Latency;
            Row(md, StepName(step), Duration(step.Duration), Rate(step.TargetRate), Rate(step.IterationRate), Rate(step.AchievedRate), Count(step.Ok),
                Count(step.Errors), Count(step.Rejected), Ms(l.P50Ms), Ms(l.P90Ms), Ms(l.P99Ms), Ms(l.P999Ms), Ms(l.MaxMs));
        }

        md.Append('\n').Append("_").Append(UnitsNote).Append("_\n\n");
        if (steps.Any(s => s.Warmup))
        {
            md.Append("_Warm-up steps are shown but excluded from thresholds._\n\n");
        }
    }

    private static void Kinds(StringBuilder md, IReadOnlyList<StepReport> steps)
    {
        var measured = steps.Where(s => !s.Warmup && s.Kinds.Count > 0).ToList();
        if (measured.Count == 0)
        {
            return;
        }

        md.Append("## Latency by kind\n\n");
        foreach (var step in measured)
        {
            md.Append("### ").Append(Inline(step.Name)).Append("\n\n");
            md.Append("| Kind | Count | Errors | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | mean ms |\n");
            md.Append("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
            foreach (var kind in step.Kinds)
            {
                var l = kind.Latency;
                Row(md, Cell(kind.Kind), Count(kind.Count), Count(kind.Errors), Ms(l.P50Ms), Ms(l.P90Ms), Ms(l.P99Ms), Ms(l.P999Ms), Ms(l.MaxMs), Ms(l.MeanMs));
            }

            md.Append('\n');
        }
    }

    private static void Thresholds(StringBuilder md, IReadOnlyList<ThresholdResult> thresholds, string? scope)
    {
        md.Append("## Thresholds\n\n");
        if (thresholds.Count == 0)
        {
            md.Append("No thresholds were set.\n\n");
            return;
        }

        if (scope is not null)
        {
            md.Append('_').Append(Inline(scope)).Append("._\n\n");
        }

        md.Append("| Threshold | Actual | Result |\n|---|--:|:-:|\n");
        foreach (var t in thresholds)
        {
            Row(md, Cell(t.Expression), Number(t.Actual), Mark(t.Passed));
        }

        md.Append('\n');
    }

    private static void Knee(StringBuilder md, KneeReport? knee)
    {
        if (knee is null)
        {
            return;
        }

        md.Append("## Knee\n\n")
            .Append(knee.HighestHeldStep is null
                ? "The thresholds broke at the first measured step.\n\n"
                : $"Highest rate at which every threshold held: **{Rate(knee.HighestHeldRate)} iterations/s** ({Cell(knee.HighestHeldStep)})" +
                  (knee.FirstBreachedStep is null ? "; they held at every step.\n\n" : $"; first breached at {Cell(knee.FirstBreachedStep)}.\n\n"))
            .Append(knee.ColdStartWarning is { } warning ? $"**Warning:** {warning}\n\n" : "")
            .Append("| Step | Target (iterations/s) | Thresholds |\n|---|--:|---|\n");
        foreach (var step in knee.Steps)
        {
            Row(md, Cell(step.Step), Rate(step.Rate), (step.Held ? "✓ " : "✗ ") + Cell(step.Detail));
        }

        md.Append('\n');
    }

    private static void Ceilings(StringBuilder md, IReadOnlyList<CeilingReport> ceilings)
    {
        if (ceilings.Count == 0)
        {
            return;
        }

        md.Append("## Ceilings\n\n| Ceiling | ops/s | Scenario figure compared | Scenario share |\n|---|--:|--:|--:|\n");
        foreach (var c in ceilings)
        {
            Row(md, Cell(c.Name), Rate(c.OperationsPerSecond), Cell(Compared(c)), Percent(c.ScenarioShare));
        }

        md.Append('\n');
    }

    private static void Audit(StringBuilder md, AuditReport? audit)
    {
        md.Append("## Audit\n\n");
        if (audit is null)
        {
            md.Append("No audit was run.\n");
            return;
        }

        md.Append("| Checked | Correct | Result |\n|--:|--:|:-:|\n");
        Row(md, Count(audit.Checked), Count(audit.Correct), $"{Mark(audit.Passed)} {Verdict(audit.Passed)}");
        md.Append('\n');
        if (audit.Failures.Count == 0)
        {
            return;
        }

        var shown = Math.Min(audit.Failures.Count, MaxAuditFailuresShown);
        md.Append("### Failures").Append(shown < audit.Failures.Count ? $" (first {shown} of {Count(audit.Failures.Count)})" : "").Append("\n\n");
        for (var i = 0; i < shown; i++)
        {
            md.Append(i + 1).Append(". ").Append(Inline(audit.Failures[i])).Append('\n');
        }
    }

    private static void Table(StringBuilder md, ReportTable table)
    {
        md.Append("## ").Append(Inline(table.Title)).Append("\n\n");
        Row(md, [.. table.Headers.Select(Cell)]);
        md.Append('|').Append(string.Concat(table.Headers.Select((_, i) => i == 0 ? "---|" : "--:|"))).Append('\n');
        foreach (var row in table.Rows)
        {
            Row(md, [.. row.Select(Cell)]);
        }

        md.Append('\n');
        foreach (var note in table.Notes)
        {
            md.Append('_').Append(Inline(note)).Append("_\n\n");
        }
    }

    private static string StepName(StepReport step) => step.Warmup ? $"{Cell(step.Name)} _(warm-up)_" : Cell(step.Name);

    private static void Row(StringBuilder md, params string[] cells)
    {
        md.Append('|');
        foreach (var cell in cells)
        {
            md.Append(' ').Append(cell).Append(" |");
        }

        md.Append('\n');
    }

    /// <summary>Text on one line (headings, list items).</summary>
    private static string Inline(string? text) =>
        string.IsNullOrWhiteSpace(text) ? Dash : text.ReplaceLineEndings(" ").Trim();

    /// <summary>Text inside a table cell: one line, pipes escaped.</summary>
    private static string Cell(string? text) => Inline(text).Replace("|", "\\|", StringComparison.Ordinal);
}
