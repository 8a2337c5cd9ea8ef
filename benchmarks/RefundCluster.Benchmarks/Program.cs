using System.CommandLine;
using RefundCluster.Benchmarks.Abuse;
using RefundCluster.Benchmarks.Deadlines;
using RefundCluster.Benchmarks.Lists;
using RefundCluster.Benchmarks.ShopMetrics;
using RefundCluster.Benchmarks.Webhooks;
using RefundCluster.Benchmarks.WhatIf;
using RefundCluster.Benchmarks.Writes;
using RefundCluster.Silo.Hosting;

// RefundCluster benchmarks: each command hosts one in-process silo, drives one subsystem and prints its figures.
// Exit codes: 0 = ran and every check held, 1 = ran but a correctness check failed, 2 = bad arguments or setup.
// --help (of the tool or of a command) lists the commands and every option with its default.
var root = new RootCommand(
    "RefundCluster benchmarks: each command hosts one in-process silo, drives one subsystem and prints its figures. " +
    "Exit codes: 0 ran and every check held, 1 ran but a correctness check failed, 2 bad arguments or setup")
{
    DeadlineBenchmarkOptions.CreateCommand("deadlines",
        "register deadlines through DeadlineIndex, let the shard grains fire them at probe grains, report the rates, the memory, the lateness " +
        "and every deadline that fired twice or never", options => new DeadlineBenchmark(options).Run()),
    DeadlineBenchmarkOptions.CreateCommand("deadline-parts",
        "single-threaded cost of each step the index takes per deadline, and of a wake-up grain call (--pending and --targets apply)",
        options => new DeadlinePartsBenchmark(options).Run()),
    ShopMetricsBenchmark.CreateCommand(),
    ListBenchmark.CreateCommand(),
    WebhookBenchmark.CreateCommand(),
    AbuseBenchmark.CreateCommand(),
    WhatIfBenchmark.CreateCommand(),
    DurableWriteBenchmark.CreateCommand(),
}.HelpWithoutSubcommand();
return await ToolCommandLine.InvokeAsync(root, args, Console.Out, Console.Error, CancellationToken.None);
