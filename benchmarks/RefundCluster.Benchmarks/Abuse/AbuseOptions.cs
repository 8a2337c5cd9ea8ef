using System.CommandLine;
using static RefundCluster.Silo.Hosting.ToolCommandLine;

namespace RefundCluster.Benchmarks.Abuse;

/// <summary>The <c>abuse</c> command's options (see <see cref="AbuseBenchmark"/>).</summary>
/// <param name="Rate">Good events a second (open model), in every phase.</param>
/// <param name="Warmup">Per phase, before measuring: the good load and the abuse already run.</param>
/// <param name="Duration">Per phase, measured.</param>
/// <param name="Slow">Slow uploads held open at once in phase B.</param>
/// <param name="SlowRate">Bytes a second each slow upload sends of its body.</param>
/// <param name="SlowBytes">Each slow upload's Content-Length; at <see cref="SlowRate"/> it takes longer than the server waits for a body.</param>
/// <param name="SlowTick">How often each slow upload sends a piece (SlowRate × SlowTick bytes at a time).</param>
/// <param name="Hostile">Hostile requests a second in phase C (open model).</param>
/// <param name="Phases">Which of A (baseline), B (slow uploads), C (hostile input) to run; A is needed for the ratios.</param>
public sealed record AbuseOptions(
    int Rate, TimeSpan Warmup, TimeSpan Duration, int Slow, int SlowRate, int SlowBytes, TimeSpan SlowTick, int Hostile, string Phases)
{
    /// <summary>The defaults: the figures.</summary>
    public static readonly AbuseOptions Defaults =
        new(200, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), 2000, 600, 16 * 1024, TimeSpan.FromMilliseconds(200), 200, "ABC");

    /// <summary>The <c>abuse</c> command: its options, their help, and the options record it runs <paramref name="run"/> with.</summary>
    public static Command CreateCommand(string description, Func<AbuseOptions, Task<int>> run)
    {
        var rate = Integer("--rate", "N", "good events a second (open model), in every phase", Defaults.Rate);
        var warmup = Number("--warmup", "S", "seconds per phase before measuring: the good load and the abuse already run", Defaults.Warmup.TotalSeconds);
        var seconds = Number("--seconds", "S", "seconds measured per phase", Defaults.Duration.TotalSeconds);
        var slow = Integer("--slow", "N", "slow uploads held open at once in phase B", Defaults.Slow);
        var slowRate = Integer("--slow-rate", "N", "bytes a second each slow upload sends of its body", Defaults.SlowRate);
        var slowBytes = Integer("--slow-bytes", "N", "each slow upload's Content-Length (at least 256); at --slow-rate it takes longer than the server waits for a body", Defaults.SlowBytes);
        var slowTick = Integer("--slow-tick-ms", "MS", "how often each slow upload sends a piece (at least 10)", (int)Defaults.SlowTick.TotalMilliseconds);
        var hostile = Integer("--hostile", "N", "hostile requests a second in phase C (open model)", Defaults.Hostile);
        var phases = Text("--phases", "ABC", "which of A (baseline), B (slow uploads), C (hostile input) to run; A is needed for the ratios", Defaults.Phases);
        var command = new Command("abuse", description) { rate, warmup, seconds, slow, slowRate, slowBytes, slowTick, hostile, phases };
        command.SetAction(result =>
        {
            var o = new AbuseOptions(result.GetValue(rate), TimeSpan.FromSeconds(result.GetValue(warmup)), TimeSpan.FromSeconds(result.GetValue(seconds)),
                result.GetValue(slow), result.GetValue(slowRate), result.GetValue(slowBytes), TimeSpan.FromMilliseconds(result.GetValue(slowTick)),
                result.GetValue(hostile), result.GetValue(phases)!.ToUpperInvariant());
            return o.Problem() is { } problem ? Task.FromResult(Refuse(result, problem)) : run(o);
        });
        return command;
    }

    /// <summary>What is wrong with these options; null: nothing.</summary>
    private string? Problem() =>
        Rate < 1 || Duration <= TimeSpan.Zero || Slow < 0 || SlowRate < 1 || SlowBytes < 256 || SlowTick < TimeSpan.FromMilliseconds(10) || Hostile < 0
            ? "rates, counts and durations must be positive (--slow-bytes at least 256, --slow-tick-ms at least 10)"
            : Phases.Length == 0 || Phases.Any(p => p is not ('A' or 'B' or 'C'))
                ? "--phases is made of A, B and C"
                : null;
}
