using System.Globalization;
using System.Text.RegularExpressions;
using RefundCluster.LoadTests.Reporting;

namespace RefundCluster.LoadTests.Thresholds;

/// <summary>
/// A pass/fail rule over the measured (non-warm-up) steps, as on the command line: <c>p99&lt;50ms</c>,
/// <c>p50&lt;=10ms</c>, <c>max&lt;1s</c>, <c>errors&lt;0.1%</c>, <c>rejected&lt;5%</c>, <c>rate&gt;=2000</c>. A latency or
/// error rule may name one request kind (an event kind inside batches, or <c>batch</c>):
/// <c>p99{kind=refund.requested}&lt;50ms</c>; a kind the run never sent breaches it (a typo must not pass).
/// A breached threshold makes the process exit non-zero, so a run can gate a release pipeline.
/// </summary>
public sealed partial record Threshold(string Metric, string Operator, double Limit, string Expression, string? Kind = null)
{
    public static Threshold Parse(string expression)
    {
        var match = Pattern().Match(expression.Replace(" ", "", StringComparison.Ordinal));
        if (!match.Success)
        {
            throw new ArgumentException($"'{expression}' is not a threshold (e.g. p99<50ms, errors<0.1%, rate>=2000)");
        }

        var metric = match.Groups["metric"].Value.ToLowerInvariant();
        var kind = match.Groups["kind"].Success ? match.Groups["kind"].Value : null;
        if (kind is not null && metric is "rate" or "rejected")
        {
            throw new ArgumentException($"'{expression}': {metric} is a figure of the whole run, not of one kind (kinds take latencies and errors)");
        }

        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        var unit = match.Groups["unit"].Value.ToLowerInvariant();
        var isLatency = metric is "p50" or "p90" or "p99" or "p99.9" or "max" or "mean";
        var limit = (isLatency, metric, unit) switch
        {
            (true, _, "s") => value * 1000,
            (true, _, "ms" or "") => value,
            (false, "errors" or "rejected", "%" or "") => value,
            (false, "rate", "" or "/s") => value,
            _ => throw new ArgumentException($"'{expression}': unit '{unit}' does not fit {metric}"),
        };
        return new Threshold(metric, match.Groups["op"].Value, limit, expression, kind);
    }

    /// <summary>Checks the rule against the run's measured figures.</summary>
    public ThresholdResult Evaluate(MeasuredFigures figures)
    {
        if (Kind is not null)
        {
            return figures.OfKind?.Invoke(Kind) is { } ofKind
                ? (this with { Kind = null }).Evaluate(ofKind) with { Expression = Expression }
                : new ThresholdResult(Expression, 0, Passed: false);
        }

        var actual = Metric switch
        {
            "p50" => figures.Latency.P50Ms,
            "p90" => figures.Latency.P90Ms,
            "p99" => figures.Latency.P99Ms,
            "p99.9" => figures.Latency.P999Ms,
            "max" => figures.Latency.MaxMs,
            "mean" => figures.Latency.MeanMs,
            "errors" => figures.Requests == 0 ? 0 : 100.0 * figures.Errors / figures.Requests,
            "rejected" => figures.Requests == 0 ? 0 : 100.0 * figures.Rejected / figures.Requests,
            _ => figures.Rate,
        };
        var passed = Operator switch
        {
            "<" => actual < Limit,
            "<=" => actual <= Limit,
            ">" => actual > Limit,
            _ => actual >= Limit,
        };
        return new ThresholdResult(Expression, Math.Round(actual, 3), passed);
    }

    [GeneratedRegex(@"^(?<metric>p50|p90|p99\.9|p99|max|mean|errors|rejected|rate)(\{kind=(?<kind>[A-Za-z0-9_.\-]+)\})?(?<op><=|>=|<|>)(?<value>[0-9]+(\.[0-9]+)?)(?<unit>ms|s|%|/s)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}

/// <summary>
/// The measured steps taken together: latency over successful requests, counts, and achieved request rate; and the
/// same figures of one request kind (null: the run sent none of it).
/// </summary>
public sealed record MeasuredFigures(LatencySummary Latency, long Requests, long Errors, long Rejected, double Rate)
{
    public Func<string, MeasuredFigures?>? OfKind { get; init; }

    /// <summary>A kind's figures from its latency row (requests answered, errors among them).</summary>
    public static MeasuredFigures Of(KindLatency kind, double seconds) =>
        new(kind.Latency, kind.Count, kind.Errors, 0, seconds > 0 ? kind.Count / seconds : 0);
}
