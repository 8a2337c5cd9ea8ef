using RefundCluster.LoadTests;

// RefundCluster load tests: scenarios, load simulations, thresholds, a correctness audit and a report folder; and a
// shop's recording: downloaded (recording), replayed under another policy with no cluster (what-if), or replayed
// against a cluster (run --replay). The command line: LoadTestTool (System.CommandLine; --help for each command).
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
return await LoadTestTool.InvokeAsync(args, Console.Out, Console.Error, cancel.Token);
