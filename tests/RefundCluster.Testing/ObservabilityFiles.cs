using System.Text.Json;
using System.Text.RegularExpressions;

namespace RefundCluster.Testing;

/// <summary>
/// deploy/observability read the way Prometheus would: the queries of the Grafana dashboard and of the alert rules,
/// the series each names, and the series a scrape exports. Tests check the named against the exported.
/// </summary>
public static partial class ObservabilityFiles
{
    public static string PathOf(string file) => Path.Combine(RepositoryRoot.Path, "deploy", "observability", file);

    /// <summary>Every query of every dashboard panel (rows hold panels too).</summary>
    public static IReadOnlyList<string> DashboardQueries() =>
        [.. Expressions(JsonDocument.Parse(File.ReadAllText(PathOf("grafana-dashboard.json"))).RootElement)];

    /// <summary>Every alert rule's expression (one line each).</summary>
    public static IReadOnlyList<string> RuleQueries() =>
        [.. RuleExpr().Matches(File.ReadAllText(PathOf("alert-rules.yml"))).Select(m => m.Groups[1].Value)];

    /// <summary>The series names of a Prometheus text exposition.</summary>
    public static HashSet<string> Exported(string scrape) =>
        [.. scrape.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l[..l.IndexOfAny(['{', ' '])])];

    /// <summary>The sum of a counter's series in a scrape.</summary>
    public static double Total(string scrape, string counter) =>
        scrape.Split('\n').Where(l => l.StartsWith(counter, StringComparison.Ordinal) && l.Length > counter.Length && l[counter.Length] is '{' or ' ')
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The series a PromQL expression reads: its identifiers, less label matchers, grouping labels, functions and keywords.</summary>
    public static IEnumerable<string> Series(string expr)
    {
        var bare = Grouping().Replace(Braces().Replace(Ranges().Replace(expr, ""), ""), "");
        return Identifier().Matches(bare).Select(m => m.Value).Where(id => !PromQlWords.Contains(id));
    }

    private static IEnumerable<string> Expressions(JsonElement node) => node.ValueKind switch
    {
        JsonValueKind.Object => node.EnumerateObject().SelectMany(p =>
            p.Name == "expr" && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : Expressions(p.Value)),
        JsonValueKind.Array => node.EnumerateArray().SelectMany(Expressions),
        _ => [],
    };

    private static readonly HashSet<string> PromQlWords =
    [
        "sum", "max", "min", "avg", "count", "rate", "irate", "increase", "changes", "histogram_quantile", "clamp_min",
        "clamp_max", "by", "without", "on", "ignoring", "and", "or", "unless", "abs", "topk", "bottomk",
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
