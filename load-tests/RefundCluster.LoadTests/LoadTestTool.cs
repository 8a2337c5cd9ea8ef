using System.CommandLine;
using RefundCluster.LoadTests.Recordings;
using RefundCluster.Silo.Hosting;

namespace RefundCluster.LoadTests;

/// <summary>The load-test tool's command line: <c>run</c>, <c>recording</c> and <c>what-if</c>, with help generated from their options.</summary>
public static class LoadTestTool
{
    /// <summary>The tool's commands.</summary>
    public static RootCommand Create() => new RootCommand(
        "RefundCluster load tests: scenarios, load simulations, thresholds, a correctness audit and a report folder (run); and a shop's " +
        "recording: downloaded (recording), replayed under another policy with no cluster (what-if), or replayed against a cluster (run --replay)")
    {
        new RunCommand(), new RecordingCommand(), new WhatIfCommand(),
    }.HelpWithoutSubcommand();

    /// <summary>
    /// Runs the command line <paramref name="args"/>: the command's exit code; bad arguments exit 2 (with what is wrong on
    /// <paramref name="error"/>), <c>--help</c> 0, no command 2 (with the help).
    /// </summary>
    public static Task<int> InvokeAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        ToolCommandLine.InvokeAsync(Create(), args, output, error, cancellationToken);
}
