using System.Globalization;

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
    public const string Usage =
        "abuse [--rate 200] [--warmup 10] [--seconds 30] [--slow 2000] [--slow-rate 600] [--slow-bytes 16384] [--slow-tick-ms 200] [--hostile 200] [--phases ABC]";

    public static AbuseOptions Parse(string[] args)
    {
        var o = new AbuseOptions(200, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), 2000, 600, 16 * 1024, TimeSpan.FromMilliseconds(200), 200, "ABC");
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"option {args[i]} needs a value");
            }

            var value = args[i + 1];
            o = args[i] switch
            {
                "--rate" => o with { Rate = Int(value) },
                "--warmup" => o with { Warmup = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--seconds" => o with { Duration = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--slow" => o with { Slow = Int(value) },
                "--slow-rate" => o with { SlowRate = Int(value) },
                "--slow-bytes" => o with { SlowBytes = Int(value) },
                "--slow-tick-ms" => o with { SlowTick = TimeSpan.FromMilliseconds(Int(value)) },
                "--hostile" => o with { Hostile = Int(value) },
                "--phases" => o with { Phases = value.ToUpperInvariant() },
                var unknown => throw new ArgumentException($"unknown option {unknown}"),
            };
        }

        if (o.Rate < 1 || o.Duration <= TimeSpan.Zero || o.Slow < 0 || o.SlowRate < 1 || o.SlowBytes < 256 || o.SlowTick < TimeSpan.FromMilliseconds(10) || o.Hostile < 0)
        {
            throw new ArgumentException("rates, counts and durations must be positive (--slow-bytes at least 256, --slow-tick-ms at least 10)");
        }

        if (o.Phases.Length == 0 || o.Phases.Any(p => p is not ('A' or 'B' or 'C')))
        {
            throw new ArgumentException("--phases is made of A, B and C");
        }

        return o;
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
