using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Recording;
using RefundCluster.Domain.Metrics;
using RefundCluster.Domain.Policies;
using RefundCluster.Domain.Refunds;
using RefundCluster.Grains.Recording;
using RefundCluster.LoadTests.Reporting;
using RefundCluster.Silo.Hosting;

namespace RefundCluster.LoadTests.Recordings;

/// <summary>
/// <c>what-if</c>: an exported recording replayed through the pure core (<see cref="WhatIf"/>) under the current and a
/// candidate policy, with no cluster: the file is streamed, one order's lines in memory at a time, exactly as
/// <c>POST /v1/shops/{shopId}/what-if</c> replays a shop's stored recording. Prints the two side by side.
/// </summary>
public sealed class WhatIfCommand : Command
{
    public const string CommandName = "what-if";

    /// <summary>How many differing refunds the table lists (the JSON report has up to <see cref="WhatIfReport.MaxDifferencesListed"/>).</summary>
    public const int DifferencesShown = 20;

    private readonly Option<string?> _recording = ToolCommandLine.Text("--recording", "FILE", "the recording, streamed (never loaded whole)");
    private readonly Option<string?> _policy = ToolCommandLine.Text("--policy", "FILE",
        "the candidate policy: a PUT /v1/shops/{id}/policy body, or a GET answer ({\"policy\": {...}})");
    private readonly Option<string?> _current = ToolCommandLine.Text("--current", "FILE",
        "the policy in force when the recording was made, in the same forms (default: the platform default)");
    private readonly Option<DateTimeOffset?> _from = ToolCommandLine.Time("--from",
        "the orders whose first line is at or after this time (default: the recording's first line's time)");
    private readonly Option<DateTimeOffset?> _to = ToolCommandLine.Time("--to",
        "and before this time, each with its lines before it (default: the recording's last line's time + 1 tick)");
    private readonly Option<string?> _json = ToolCommandLine.Text("--json", "FILE", "also write the report (WhatIfReport) as JSON (default: printed only)");

    public WhatIfCommand()
        : base(CommandName, """
            replays an exported recording (see the recording command; gzip'd or plain JSON lines) through the pure core under the current
            and the candidate policy, on a virtual clock, and prints them side by side; no cluster is needed.
            exit code: 0 replayed; 1 the recording could not be read; 2 bad arguments
            """)
    {
        _recording.Required = _policy.Required = true;
        Options.Add(_recording);
        Options.Add(_policy);
        Options.Add(_current);
        Options.Add(_from);
        Options.Add(_to);
        Options.Add(_json);
        SetAction(async (result, cancellationToken) =>
        {
            if (!ToolCommandLine.TryBind(result, Bind, out var options, out var refused))
            {
                return refused;
            }

            return await Run(options, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken);
        });
    }

    /// <summary>Runs <c>what-if</c> with <paramref name="args"/> (what follows it).</summary>
    public static Task<int> Run(IReadOnlyList<string> args, TextWriter console, TextWriter errors, CancellationToken cancellationToken) =>
        ToolCommandLine.InvokeAsync(new RootCommand { new WhatIfCommand() }, [CommandName, .. args], console, errors, cancellationToken);

    /// <summary>The options given to this command, checked together (<see cref="ArgumentException"/> if they do not fit).</summary>
    public WhatIfOptions Bind(ParseResult result)
    {
        var recording = result.GetValue(_recording)!;
        if (!File.Exists(recording))
        {
            throw new ArgumentException($"--recording {recording}: no such file");
        }

        var candidateSource = result.GetValue(_policy)!;
        var candidate = PolicyFile.Load(candidateSource, "--policy");
        var currentSource = result.GetValue(_current);
        var current = currentSource is null ? null : PolicyFile.Load(currentSource, "--current");
        var (from, to) = (result.GetValue(_from), result.GetValue(_to));
        if (from >= to)
        {
            throw new ArgumentException("--from must be before --to");
        }

        return new WhatIfOptions
        {
            Recording = recording, Candidate = candidate, CandidateSource = candidateSource,
            Current = current ?? ShopPolicy.PlatformDefault, CurrentSource = currentSource ?? "the platform default",
            From = from, To = to, Json = result.GetValue(_json),
        };
    }

    private static async Task<int> Run(WhatIfOptions options, TextWriter console, TextWriter errors, CancellationToken cancellationToken)
    {
        WhatIfReport report;
        try
        {
            report = await Execute(options, cancellationToken);
        }
        catch (Exception e) when (e is FormatException or IOException or InvalidDataException or InvalidOperationException)
        {
            await errors.WriteLineAsync($"error: {e.Message}");
            return 1;
        }

        await console.WriteAsync(Render(report, options));
        if (options.Json is { } json)
        {
            await using var file = File.Create(json);
            await JsonSerializer.SerializeAsync(file, report, WireJson.Shared, cancellationToken);
            await console.WriteLineAsync($"# report written to {json}");
        }

        return 0;
    }

    /// <summary>
    /// Replays the orders whose first line is in [from, to), each with its lines before to, as the recording endpoint
    /// selects them; without --from/--to, the whole file (a first pass finds its first and last line's times).
    /// </summary>
    public static async Task<WhatIfReport> Execute(WhatIfOptions options, CancellationToken cancellationToken)
    {
        var (from, to) = (options.From, options.To);
        if (from is null || to is null)
        {
            var summary = await RecordingFile.Summarise(options.Recording, cancellationToken);
            if (summary.First is not { } first || summary.Last is not { } last)
            {
                throw new InvalidOperationException($"{options.Recording}: the recording has no lines");
            }

            from ??= first;
            to ??= last.AddTicks(1);
            if (from >= to)
            {
                throw new InvalidOperationException($"{options.Recording}: --from {from:O} is not before the recording's end {to:O}");
            }
        }

        var whatIf = new WhatIf(options.Current, options.Candidate, from.Value, to.Value);
        await foreach (var line in RecordingFile.Read(options.Recording, cancellationToken))
        {
            whatIf.Add(line); // it takes the orders whose first line is in the range, as the endpoint selects them
        }

        return whatIf.Finish();
    }

    /// <summary>The side-by-side table the command prints.</summary>
    public static string Render(WhatIfReport report, WhatIfOptions options)
    {
        var text = new StringBuilder();
        var (now, then) = (report.Current, report.Candidate);
        text.Append(Inv($"# what-if on {options.Recording}: {report.Orders:N0} orders, {report.Events:N0} events, {report.Firings:N0} deadline firings in [{report.From:O}, {report.To:O})\n"));
        text.Append($"# current: {options.CurrentSource}; candidate: {options.CandidateSource}\n");
        if (report.To - report.From > MetricWindow.ThirtyDays.Length())
        {
            text.Append("# the rates are over the 30 days before the range's end (the shop metrics' longest window); the money and the differences over the whole range\n");
        }

        text.Append("\n## Rates\n");
        TextTable.Write(text, ["Rate", "Current", "Candidate", "Change", ""],
            [.. Indicators.All.Select(i => (IReadOnlyList<string>)[i.En, Percent(i.ValueOf(now.Metrics)), Percent(i.ValueOf(then.Metrics)), Points(i.ValueOf(now.Metrics), i.ValueOf(then.Metrics)), i.Zh])],
            lastColumnFree: true);

        text.Append("\n## Refunds and automation\n");
        TextTable.Write(text, ["", "Current", "Candidate", "Change"],
        [
            ["refunds", Count(now.Refunds), Count(then.Refunds), Signed(then.Refunds - now.Refunds)],
            ["refunds ended", Count(now.Metrics.Ended), Count(then.Metrics.Ended), Signed(then.Metrics.Ended - now.Metrics.Ended)],
            ["ended automatically (a rule, no person)", Count(now.Metrics.EndedAutomatically), Count(then.Metrics.EndedAutomatically), Signed(then.Metrics.EndedAutomatically - now.Metrics.EndedAutomatically)],
            ["automatic share", Percent(Indicators.AutomaticShare.ValueOf(now.Metrics)), Percent(Indicators.AutomaticShare.ValueOf(then.Metrics)), Points(Indicators.AutomaticShare.ValueOf(now.Metrics), Indicators.AutomaticShare.ValueOf(then.Metrics))],
            ["0-second refunds (0秒退)", Count(now.Metrics.EndedZeroSecond), Count(then.Metrics.EndedZeroSecond), Signed(then.Metrics.EndedZeroSecond - now.Metrics.EndedZeroSecond)],
            ["0-second share", Percent(Indicators.ZeroSecondShare.ValueOf(now.Metrics)), Percent(Indicators.ZeroSecondShare.ValueOf(then.Metrics)), Points(Indicators.ZeroSecondShare.ValueOf(now.Metrics), Indicators.ZeroSecondShare.ValueOf(then.Metrics))],
            ["refunded (yuan)", Money(now.RefundedAmount), Money(then.RefundedAmount), SignedMoney(then.RefundedAmount - now.RefundedAmount)],
            ["refunded automatically (yuan)", Money(now.RefundedAutomatically), Money(then.RefundedAutomatically), SignedMoney(then.RefundedAutomatically - now.RefundedAutomatically)],
        ]);

        text.Append("\n## Completion time by scenario group (退款完结时长: request to end)\n");
        TextTable.Write(text, ["Group", "Current n", "avg", "p50", "p90", "Candidate n", "avg", "p50", "p90"],
            [.. CompletionGroups.All.Select(g =>
            {
                var a = now.Metrics.Completion.GetValueOrDefault(g) ?? CompletionStats.Empty;
                var b = then.Metrics.Completion.GetValueOrDefault(g) ?? CompletionStats.Empty;
                return (IReadOnlyList<string>)[Wire(g), .. Completion(a), .. Completion(b)];
            })]);

        text.Append("\n## Money refunded automatically, by amount band (yuan)\n");
        TextTable.Write(text, ["Band", "Current refunds", "Current amount", "Candidate refunds", "Candidate amount", "Change"],
            [.. now.AutomaticByBand.Zip(then.AutomaticByBand, (a, b) => (IReadOnlyList<string>)[
                a.To is { } upper ? Inv($"{a.From:0.##}–{upper:0.##}") : Inv($"{a.From:0.##} and more"),
                Count(a.Refunds), Money(a.Amount), Count(b.Refunds), Money(b.Amount), SignedMoney(b.Amount - a.Amount)])]);

        text.Append("\n## Skipped events (recorded events the replayed state refused: skipped, never forced)\n");
        var codes = now.SkippedByCode.Keys.Union(then.SkippedByCode.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        TextTable.Write(text, ["Code", "Current", "Candidate"],
        [
            .. codes.Select(c => (IReadOnlyList<string>)[c, Count(now.SkippedByCode.GetValueOrDefault(c)), Count(then.SkippedByCode.GetValueOrDefault(c))]),
            ["all", Count(now.SkippedEvents), Count(then.SkippedEvents)],
        ]);

        text.Append(Inv($"\n## Differing refunds: {report.DifferingRefunds:N0} (status, outcome, automation or money)\n"));
        if (report.Differences.Length > 0)
        {
            TextTable.Write(text, ["Refund", "Order", "Current", "Candidate"],
                [.. report.Differences.Take(DifferencesShown).Select(d => (IReadOnlyList<string>)[d.RefundId, d.OrderId, Describe(d.Current), Describe(d.Candidate)])], left: 4);
            if (report.DifferingRefunds > DifferencesShown)
            {
                text.Append(Inv($"… {report.DifferingRefunds - DifferencesShown:N0} more{(report.DifferingRefunds > report.Differences.Length ? $" (the JSON report lists the first {report.Differences.Length:N0})" : " (all in the JSON report)")}\n"));
            }
        }

        return text.ToString();
    }

    /// <summary>How a refund ends under one policy: "succeeded by zero_second_refund, 79.00 refunded"; "no refund".</summary>
    public static string Describe(RefundEnd? end) => end is null
        ? "no refund"
        : Inv($"{Wire(end.Status)}{(end.Outcome is { } o ? $" ({Wire(o)})" : "")}{(end.Automation == Automation.None ? "" : $" by {Wire(end.Automation)}")}, {end.RefundedAmount:0.00} refunded");

    /// <summary>An enum value as the API writes it (snake_case).</summary>
    public static string Wire<T>(T value) where T : struct, Enum => JsonSerializer.Serialize(value, WireJson.Shared).Trim('"');

    private static IEnumerable<string> Completion(CompletionStats stats) => stats.Count == 0
        ? ["0", ReportFormat.Dash, ReportFormat.Dash, ReportFormat.Dash]
        : [Count(stats.Count), Seconds(stats.AverageSeconds), Seconds(stats.P50Seconds), Seconds(stats.P90Seconds)];

    private static string Seconds(double seconds) => ReportFormat.Duration(TimeSpan.FromSeconds(Math.Round(seconds)));

    private static string Percent(double? rate) => rate is { } r ? Inv($"{r * 100:0.00} %") : ReportFormat.Dash;

    private static string Points(double? current, double? candidate) =>
        current is { } a && candidate is { } b ? Inv($"{(b - a) * 100:+0.00;-0.00;0.00} pp") : ReportFormat.Dash;

    private static string Count(long count) => ReportFormat.Count(count);

    private static string Signed(long change) => Inv($"{change:+#,0;-#,0;0}");

    private static string Money(decimal amount) => Inv($"{amount:#,0.00}");

    private static string SignedMoney(decimal change) => Inv($"{change:+#,0.00;-#,0.00;0.00}");

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
