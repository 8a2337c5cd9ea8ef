using System.Text.RegularExpressions;
using RefundCluster.LoadTests.Reporting;

namespace RefundCluster.LoadTests.Tests.Reporting;

public sealed partial class HtmlReportTests
{
    private static readonly string Html = HtmlReport.Render(SampleReports.Run());

    [Fact]
    public void Is_a_whole_html_document_with_the_verdict()
    {
        Assert.StartsWith("<!DOCTYPE html>", Html, StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", Html, StringComparison.Ordinal);
        Assert.Contains("<meta charset=\"utf-8\">", Html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge fail\">FAILED</span>", Html, StringComparison.Ordinal);
        Assert.Equal(Count(Html, "<section"), Count(Html, "</section>"));
        Assert.Equal(Count(Html, "<table"), Count(Html, "</table>"));
        Assert.Equal(Count(Html, "<svg"), Count(Html, "</svg>"));
    }

    [Fact]
    public void Has_the_five_charts_with_ticks_and_axis_labels()
    {
        Assert.Equal(5, Count(Html, "<svg"));
        foreach (var id in new[] { "throughput", "latency", "errors", "steps", "thresholds", "ceilings", "audit" })
        {
            Assert.Contains($"<section id=\"{id}\">", Html, StringComparison.Ordinal);
        }

        Assert.Contains("<polyline", Html, StringComparison.Ordinal);
        Assert.Contains(">Time (s)</text>", Html, StringComparison.Ordinal);
        Assert.Contains(">iterations/s</text>", Html, StringComparison.Ordinal);
        Assert.Contains(">requests/s</text>", Html, StringComparison.Ordinal);
        Assert.Contains("class=\"chart-tick\"", Html, StringComparison.Ordinal);
        Assert.Contains(">Target rate (iterations/s)</text>", Html, StringComparison.Ordinal);
        Assert.Contains(">Achieved (iterations/s)</text>", Html, StringComparison.Ordinal);
        Assert.Contains(">Rejected (429/503)</text>", Html, StringComparison.Ordinal);
        Assert.Contains("<rect class=\"chart-band\"", Html, StringComparison.Ordinal); // the warm-up, shaded
        Assert.Matches("class=\"chart-marker-label\"[^>]*>steady-400</text>", Html);
    }

    [Fact]
    public void The_target_rate_and_the_achieved_rate_share_a_unit()
    {
        // A funnel of 7 requests per iteration: 100 iterations/s offered and completed is 700 requests/s.
        var timeline = Enumerable.Range(0, 20).Select(i => new TimelinePoint(i, 100, 700, 0, 0, 5, 20) { Iterations = 100 }).ToList();
        var html = HtmlReport.Render(SampleReports.Run() with { Timeline = timeline });
        var section = html[html.IndexOf("<section id=\"throughput\">", StringComparison.Ordinal)..html.IndexOf("<section id=\"latency\">", StringComparison.Ordinal)];
        var charts = section.Split("<svg", StringSplitOptions.RemoveEmptyEntries)[1..];

        Assert.Equal(2, charts.Length);
        Assert.Contains(">iterations/s</text>", charts[0], StringComparison.Ordinal);
        Assert.Contains(">100</text>", charts[0], StringComparison.Ordinal); // the scale tops at the 100 iterations/s both lines share
        Assert.DoesNotContain(">800</text>", charts[0], StringComparison.Ordinal);
        Assert.Contains(">requests/s</text>", charts[1], StringComparison.Ordinal);
        Assert.Contains(">800</text>", charts[1], StringComparison.Ordinal); // 700 requests/s on their own axis
    }

    [Fact]
    public void A_knee_search_says_which_steps_the_thresholds_cover()
    {
        var html = HtmlReport.Render(SampleReports.Run() with { ThresholdScope = "knee search: over the 2 steps that held" });

        Assert.Contains("<p class=\"note\">knee search: over the 2 steps that held.</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Needs_nothing_from_the_network()
    {
        Assert.DoesNotContain("src=\"http", Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"http", Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Shows_steps_kinds_thresholds_ceilings_and_audit()
    {
        Assert.Contains("<tr class=\"warmup\"><td>warm-up <span class=\"tag\">warm-up</span></td>", Html, StringComparison.Ordinal);
        Assert.Contains("<th>Target (iterations/s)</th><th>Achieved (iterations/s)</th><th>Requests/s</th>", Html, StringComparison.Ordinal);
        Assert.Contains("<td>steady-400</td><td class=\"num\">20s</td><td class=\"num\">400</td><td class=\"num\">390</td><td class=\"num\">387</td>", Html, StringComparison.Ordinal);
        Assert.Contains("<h3>Latency by kind: steady-400</h3>", Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<h3>Latency by kind: warm-up</h3>", Html, StringComparison.Ordinal);
        Assert.Contains("<td>query.status</td>", Html, StringComparison.Ordinal);
        Assert.Contains("<code>p99 &lt; 250ms</code></td><td class=\"num\">312.4</td><td class=\"fail\">✗ breached</td>", Html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"pass\">✓ held</td>", Html, StringComparison.Ordinal);
        Assert.Contains("<td>grain-ping</td><td class=\"num\">15,500</td><td class=\"num\">3,875 requests/s</td>", Html, StringComparison.Ordinal);
        Assert.Contains("25.0 %", Html, StringComparison.Ordinal);
        Assert.Contains("<td>pg-upsert</td><td class=\"num\">6,400</td><td class=\"num\">256 durable events/s</td>", Html, StringComparison.Ordinal);
        Assert.Contains("4.0 %", Html, StringComparison.Ordinal);
        Assert.Contains("<li>refund r-000417: expected Refunded, found WaitingSellerResponse</li>", Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Escapes_every_piece_of_text()
    {
        var report = SampleReports.Run("<script>alert('x')</script>") with
        {
            Target = "http://silo:8080/?a=1&b=2",
            Audit = new AuditReport(1, 0, ["<img src=x onerror=alert(1)>"]),
        };

        var html = HtmlReport.Render(report);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("http://silo:8080/?a=1&amp;b=2", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"http", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Renders_an_empty_run_without_failing()
    {
        var report = new RunReport("empty", "embedded", "none", SampleReports.Started, TimeSpan.Zero, [], [], [], null, []);

        var html = HtmlReport.Render(report);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("No data", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge pass\">PASSED</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_run_sums_seconds_into_at_most_240_bars()
    {
        var timeline = Enumerable.Range(0, 3600).Select(i => new TimelinePoint(i, 100, 99, 1, 1, 5, 50)).ToList();
        var report = SampleReports.Run() with { Timeline = timeline };

        var html = HtmlReport.Render(report);
        var errors = html[html.IndexOf("<section id=\"errors\">", StringComparison.Ordinal)..html.IndexOf("<section id=\"steps\">", StringComparison.Ordinal)];

        Assert.Equal(240 * 2, Count(errors, "<rect fill="));
        Assert.Contains("requests per 15 s", errors, StringComparison.Ordinal);
    }

    private static int Count(string text, string fragment) => Regex.Matches(text, Regex.Escape(fragment)).Count;
}
