using RefundCluster.LoadTests.Reporting;
using Spectre.Console;

namespace RefundCluster.LoadTests.Tests.Reporting;

/// <summary>The live table a run in a terminal redraws every second: the step's answers, a row per request kind.</summary>
public sealed class LiveTableTests
{
    [Fact]
    public void The_table_shows_each_kind_with_its_count_errors_and_percentiles()
    {
        var table = LiveTable.Render(
            "[   12 s] step 1/1 constant 2500 events/s", (Ok: 1_200, Errors: 3, Rejected: 7, P99Ms: 48.26), eventsApplied: 98_765,
            [
                new KindLatency("batch", 1_210, 10, new LatencySummary(9.5, 20, 48.26, 60, 70, 11)),
                new KindLatency("refund.requested", 40_000, 0, new LatencySummary(4.24, 8, 12.51, 20, 30, 5)),
            ]);

        var text = Rendered(table);

        Assert.Contains("step 1/1 constant 2500 events/s", text, StringComparison.Ordinal);
        Assert.Matches(@"batch\s*[│|]\s*1,210\s*[│|]\s*10\s*[│|]\s*9\.5\s*[│|]\s*48\.3", text);
        Assert.Matches(@"refund\.requested\s*[│|]\s*40,000\s*[│|]\s*0\s*[│|]\s*4\.2\s*[│|]\s*12\.5", text);
        // The caption wraps to the table's width.
        Assert.Contains("ok 1,200, errors 3, rejected 7, p99 48.3 ms, events", text, StringComparison.Ordinal);
        Assert.Contains("applied 98,765", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_writer_that_is_not_the_terminal_gets_lines_not_a_table() =>
        Assert.False(LiveTable.Fits(new StringWriter()));

    private static string Rendered(Table table)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(writer), Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        console.Write(table);
        return writer.ToString();
    }
}
