using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RefundCluster.Api.Tests;

/// <summary>
/// deploy/observability against a live silo: every series the Grafana dashboard and the alert rules name is on the
/// silo's <c>/metrics</c> (ASP.NET Core, Kestrel and runtime meters included), and promtool accepts the rules.
/// </summary>
public sealed partial class ObservabilityTests(ClusterHost host)
{
    private readonly ApiClient _api = host.Api;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Observability(string file) => SourceTree.PathOf(Path.Combine("deploy", "observability", file));

    [Fact]
    public async Task The_dashboard_and_the_alert_rules_name_only_series_the_silo_exports()
    {
        // Traffic that makes every histogram record: events, a refund, a seller deadline that fires.
        await _api.SellerDeadlineDueNow(Cancel);
        await _api.Get("v1/orders/nowhere");
        var exported = Exported(await _api.Http.GetStringAsync("metrics", Cancel));

        var dashboard = JsonDocument.Parse(File.ReadAllText(Observability("grafana-dashboard.json"))).RootElement;
        var panelQueries = Expressions(dashboard).ToList();
        var ruleQueries = RuleExpr().Matches(File.ReadAllText(Observability("alert-rules.yml"))).Select(m => m.Groups[1].Value).ToList();

        Assert.True(panelQueries.Count >= 20, $"The dashboard has {panelQueries.Count} queries.");
        Assert.True(ruleQueries.Count >= 8, $"The rules have {ruleQueries.Count} expressions.");
        var missing = panelQueries.Concat(ruleQueries).SelectMany(Series).Distinct().Where(s => !exported.Contains(s)).ToList();
        Assert.True(missing.Count == 0, $"Named by deploy/observability but not on /metrics: {string.Join(", ", missing)}");
        // The timer's refund recorded a payout row: the backlog panel and alert read this counter.
        Assert.True(Total(await _api.Http.GetStringAsync("metrics", Cancel), "refundcluster_payouts_recorded_total") > 0);
        // The platform's own meters are there, not only the cluster's.
        Assert.Contains("http_server_request_duration_seconds_bucket", exported);
        Assert.Contains("kestrel_active_connections", exported);
        Assert.Contains("dotnet_gc_pause_time_seconds_total", exported);
    }

    [Fact]
    public async Task Counters_that_stay_at_zero_in_a_healthy_cluster_are_exported_from_the_start()
    {
        var scrape = await _api.Http.GetStringAsync("metrics", Cancel);

        // A missing series reads as "no data" to an alert on its rate; a zero one as 0.
        Assert.Matches(@"refundcluster_admission_shed_total\{[^}]*endpoint=""batch""[^}]*\} \d+", scrape);
        Assert.Matches(@"refundcluster_admission_timed_out_total(\{[^}]*\})? \d+", scrape);
        Assert.Matches(@"refundcluster_stream_publish_failures_total(\{[^}]*\})? \d+", scrape);
        Assert.Matches(@"refundcluster_metrics_corrections_total(\{[^}]*\})? \d+", scrape);
        Assert.Matches(@"refundcluster_payouts_failed_attempts_total(\{[^}]*\})? \d+", scrape);
    }

    [Fact]
    public async Task Promtool_accepts_the_alert_rules()
    {
        var start = new ProcessStartInfo("promtool", ["check", "rules", Observability("alert-rules.yml")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var promtool = Process.Start(start)!;
        var output = await promtool.StandardOutput.ReadToEndAsync(Cancel) + await promtool.StandardError.ReadToEndAsync(Cancel);
        await promtool.WaitForExitAsync(Cancel);

        Assert.True(promtool.ExitCode == 0, output);
        Assert.Contains("SUCCESS", output);
    }

    /// <summary>The series names of a Prometheus text exposition.</summary>
    private static HashSet<string> Exported(string scrape) =>
        [.. scrape.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l[..l.IndexOfAny(['{', ' '])])];

    /// <summary>The sum of a counter's series in a scrape.</summary>
    private static double Total(string scrape, string counter) =>
        scrape.Split('\n').Where(l => l.StartsWith(counter, StringComparison.Ordinal) && l.Length > counter.Length && l[counter.Length] is '{' or ' ')
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Every query of every panel (rows hold panels too).</summary>
    private static IEnumerable<string> Expressions(JsonElement node) => node.ValueKind switch
    {
        JsonValueKind.Object => node.EnumerateObject().SelectMany(p =>
            p.Name == "expr" && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : Expressions(p.Value)),
        JsonValueKind.Array => node.EnumerateArray().SelectMany(Expressions),
        _ => [],
    };

    /// <summary>The series a PromQL expression reads: its identifiers, less label matchers, grouping labels, functions and keywords.</summary>
    private static IEnumerable<string> Series(string expr)
    {
        var bare = Grouping().Replace(Braces().Replace(Ranges().Replace(expr, ""), ""), "");
        return Identifier().Matches(bare).Select(m => m.Value).Where(id => !PromQlWords.Contains(id));
    }

    private static readonly HashSet<string> PromQlWords =
    [
        "sum", "max", "min", "avg", "count", "rate", "irate", "increase", "histogram_quantile", "clamp_min", "clamp_max",
        "changes", "by", "without", "on", "ignoring", "and", "or", "unless", "abs", "topk", "bottomk",
    ];

    [GeneratedRegex(@"^\s*expr:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex RuleExpr();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without|on|ignoring)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}
