using System.Globalization;

namespace RefundCluster.Benchmarks.Deadlines;

public enum BenchmarkStorage
{
    Memory,
    Postgres,
}

/// <summary>Command line of the <c>deadlines</c> benchmark.</summary>
public sealed record DeadlineBenchmarkOptions
{
    public const string Usage = """
        usage: dotnet run --project benchmarks/RefundCluster.Benchmarks -c Release -- deadlines [options]
               dotnet run --project benchmarks/RefundCluster.Benchmarks -c Release -- deadline-parts [--pending N] [--targets N]

          deadlines        register deadlines through DeadlineIndex, let the shard grains fire them at probe grains, report
          deadline-parts   single-threaded cost of each step the index takes per deadline, and of a wake-up grain call


          --storage memory|postgres   deadline store and Orleans providers (default memory)
          --connection "<npgsql>"     PostgreSQL connection string (postgres mode; default
                                      Host=127.0.0.1;Username=postgres;Database=refundcluster_bench)
          --pending N                 deadlines to register (default 1000000)
          --window S                  due times spread uniformly over S seconds (default 60)
          --targets N                 distinct probe target grains (default 10000)
          --lead S                    seconds from the start of registration to the first due time
                                      (default max(30, pending / 20000))
          --chunk N                   deadlines per DeadlineIndex.ScheduleMany call (default 5000)
          --parallel N                ScheduleMany calls in flight (default 4)
          --grace S                   wait at most this long after the last due time (default 60)
          --removal-linger MS         DeadlineOptions.RemovalLinger: fired entries' removals wait MS ms to share one
                                      write; 0 writes each at once (default: DeadlineOptions' own default, 20 ms)
          --alloc-profile             print the types allocated most in each phase (sampled GCAllocationTick events)
          --no-warm                   do not activate the probe targets before the fire phase
          --no-reset                  postgres: keep the tables' rows from earlier runs
          --silo-port N / --gateway-port N   (default 11191 / 30091)
        """;

    public BenchmarkStorage Storage { get; init; } = BenchmarkStorage.Memory;

    public string ConnectionString { get; init; } = "Host=127.0.0.1;Username=postgres;Database=refundcluster_bench";

    public int Pending { get; init; } = 1_000_000;

    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);

    public int Targets { get; init; } = 10_000;

    public TimeSpan? Lead { get; init; }

    public int Chunk { get; init; } = 5_000;

    public int Parallel { get; init; } = 4;

    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(60);

    public bool Warm { get; init; } = true;

    public bool AllocationProfile { get; init; }

    /// <summary>Overrides <c>DeadlineOptions.RemovalLinger</c> for the silo; null keeps its default.</summary>
    public TimeSpan? RemovalLinger { get; init; }

    public bool Reset { get; init; } = true;

    public int SiloPort { get; init; } = 11191;

    public int GatewayPort { get; init; } = 30091;

    /// <summary>The brief's rule: long enough for registration to finish before the first deadline falls due.</summary>
    public TimeSpan EffectiveLead => Lead ?? TimeSpan.FromSeconds(Math.Max(30, Pending / 20_000.0));

    public static DeadlineBenchmarkOptions Parse(string[] args)
    {
        var o = new DeadlineBenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            int Int() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v
                : throw new ArgumentException($"{name} needs a positive integer");
            TimeSpan Seconds() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0
                ? TimeSpan.FromSeconds(v)
                : throw new ArgumentException($"{name} needs a number of seconds");
            TimeSpan Milliseconds() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0
                ? TimeSpan.FromMilliseconds(v)
                : throw new ArgumentException($"{name} needs a number of milliseconds");

            o = name switch
            {
                "--storage" => o with
                {
                    Storage = Value().ToLowerInvariant() switch
                    {
                        "memory" => BenchmarkStorage.Memory,
                        "postgres" or "postgresql" => BenchmarkStorage.Postgres,
                        var s => throw new ArgumentException($"--storage must be memory or postgres, not '{s}'"),
                    },
                },
                "--connection" => o with { ConnectionString = Value() },
                "--pending" => o with { Pending = Int() },
                "--window" => o with { Window = Seconds() },
                "--targets" => o with { Targets = Int() },
                "--lead" => o with { Lead = Seconds() },
                "--chunk" => o with { Chunk = Int() },
                "--parallel" => o with { Parallel = Int() },
                "--grace" => o with { Grace = Seconds() },
                "--no-warm" => o with { Warm = false },
                "--alloc-profile" => o with { AllocationProfile = true },
                "--removal-linger" => o with { RemovalLinger = Milliseconds() },
                "--no-reset" => o with { Reset = false },
                "--silo-port" => o with { SiloPort = Int() },
                "--gateway-port" => o with { GatewayPort = Int() },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }

        // Every deadline gets its own microsecond (PostgreSQL keeps microseconds), so a fire maps back to exactly one.
        if ((long)(o.Window.Ticks / TimeSpan.TicksPerMicrosecond) < o.Pending)
        {
            throw new ArgumentException($"--window must give each deadline its own microsecond: at least {o.Pending / 1e6:0.######} s for {o.Pending} deadlines");
        }

        return o;
    }
}
