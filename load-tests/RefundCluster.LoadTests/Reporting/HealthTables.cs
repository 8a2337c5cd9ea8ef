using System.Globalization;
using RefundCluster.LoadTests.Measuring;
using static RefundCluster.LoadTests.Reporting.ReportFormat;

namespace RefundCluster.LoadTests.Reporting;

/// <summary>The target's health over the run (<c>--health-every</c>, <c>--soak</c>) and the soak's verdict, for the Markdown and HTML reports.</summary>
internal static class HealthTables
{
    public static IEnumerable<ReportTable> Of(RunReport report)
    {
        if (report.Health.Count == 0)
        {
            yield break;
        }

        yield return new ReportTable("health", "Target health over the run",
            [
                "Read from the target's /metrics at each sample (.NET runtime, Orleans and Kestrel meters); p99 is the driver's over the requests answered since the previous sample.",
                .. report.HealthProblem is { } problem ? [problem] : Array.Empty<string>(),
            ],
            ["At", "Working set MB", "GC heap MB", "Gen2 GCs", "Activations", "Thread-pool queue", "Connections", "Answers", "p99 ms"],
            [.. report.Health.Select(s => (IReadOnlyList<string>)
            [
                Duration(s.At), Figure(s.WorkingSetMb), Figure(s.GcHeapMb), Figure(s.Gen2Collections), Figure(s.Activations),
                Figure(s.ThreadPoolQueue), Figure(s.Connections), Count(s.Requests), Figure(s.P99Ms),
            ])]);

        if (report.Soak is { } soak)
        {
            yield return new ReportTable("soak", $"Soak — {Verdict(soak.Passed)}",
                [$"Window: {soak.Window}. Mean of each figure in the second half of the window against the first half."],
                ["Figure", "First half", "Second half", "Change", "Rule", "Held"],
                [.. soak.Checks.Select(c => (IReadOnlyList<string>)
                [
                    c.Figure, Figure(c.FirstHalf), Figure(c.SecondHalf), c.Change is { } change ? change.ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture) : "—",
                    c.Rule, c.Passed ? "yes" : "no",
                ])]);
        }
    }

    private static string Figure(double? value) => value is { } v ? v.ToString("N1", CultureInfo.InvariantCulture) : "—";

    private static string Figure(long? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "—";
}
