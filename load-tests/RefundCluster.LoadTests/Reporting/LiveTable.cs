using System.Globalization;
using Spectre.Console;

namespace RefundCluster.LoadTests.Reporting;

/// <summary>
/// What a run in a terminal shows while it lasts (Spectre.Console, redrawn every second in place of the progress
/// lines): the step, its answers so far, and one row per request kind with its count, errors, p50 and p99.
/// </summary>
public static class LiveTable
{
    public static Table Render(string title, (long Ok, long Errors, long Rejected, double P99Ms) step, long? eventsApplied, IReadOnlyList<KindLatency> kinds)
    {
        var table = new Table { Border = TableBorder.Rounded, Title = new TableTitle(Markup.Escape(title)) }
            .AddColumn("kind").AddColumn(new TableColumn("answered").RightAligned()).AddColumn(new TableColumn("errors").RightAligned())
            .AddColumn(new TableColumn("p50 ms").RightAligned()).AddColumn(new TableColumn("p99 ms").RightAligned());
        foreach (var kind in kinds)
        {
            table.AddRow(
                Markup.Escape(kind.Kind), Count(kind.Count), kind.Errors > 0 ? $"[red]{Count(kind.Errors)}[/]" : "0",
                Ms(kind.Latency.P50Ms), Ms(kind.Latency.P99Ms));
        }

        var applied = eventsApplied is { } n ? $", events applied {Count(n)}" : "";
        table.Caption = new TableTitle(Markup.Escape(
            $"ok {Count(step.Ok)}, errors {Count(step.Errors)}, rejected {Count(step.Rejected)}, p99 {Ms(step.P99Ms)} ms{applied}"));
        return table;
    }

    /// <summary>Whether the run's console is a terminal a live table can redraw (not a file, a pipe or a test's writer).</summary>
    public static bool Fits(TextWriter console) =>
        ReferenceEquals(console, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(double value) => value.ToString("N1", CultureInfo.InvariantCulture);
}
