using RefundCluster.LoadTests;
using RefundCluster.LoadTests.Recordings;
using RefundCluster.LoadTests.Reporting;

// RefundCluster load tests: scenarios, load simulations, thresholds, a correctness audit and a report folder; and a
// shop's recording: downloaded (recording), replayed under another policy with no cluster (what-if), or replayed
// against a cluster (run --replay).
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
switch (args.FirstOrDefault())
{
    case "recording":
        return await RecordingCommand.Run(args[1..], Console.Out, Console.Error, cancel.Token);
    case "what-if":
        return await WhatIfCommand.Run(args[1..], Console.Out, Console.Error, cancel.Token);
    case "run":
        break;
    default:
        Console.WriteLine(LoadTestOptions.Usage);
        Console.WriteLine(RecordingOptions.Usage);
        Console.WriteLine(WhatIfOptions.Usage);
        return args.Length > 0 && args[0] is "-h" or "--help" or "help" ? 0 : 2;
}

LoadTestOptions options;
try
{
    options = LoadTestOptions.Parse(args[1..]);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(LoadTestOptions.Usage);
    return 2;
}

var report = await LoadTestRun.Execute(options, Console.Out, cancel.Token);
var folder = options.Report ?? Path.Combine("load-tests", "reports", $"{report.Scenario}-{report.StartedAt:yyyyMMdd-HHmmss}");
var files = ReportWriter.Write(report, folder);
Console.WriteLine(MarkdownReport.Render(report));
Console.WriteLine($"# report: {string.Join(", ", files)}");
Console.WriteLine(report.Passed ? "PASSED" : "FAILED");
return report.Passed ? 0 : 1;
