using System.CommandLine;
using static RefundCluster.Silo.Hosting.ToolCommandLine;

namespace RefundCluster.Benchmarks.Deadlines;

public enum BenchmarkStorage
{
    Memory,
    Postgres,
}

/// <summary>Command line of the <c>deadlines</c> benchmark.</summary>
public sealed record DeadlineBenchmarkOptions
{
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

    /// <summary>
    /// The <c>deadlines</c> or <c>deadline-parts</c> command (<paramref name="name"/>): its options, their help, and the
    /// options record it runs <paramref name="run"/> with.
    /// </summary>
    public static Command CreateCommand(string name, string description, Func<DeadlineBenchmarkOptions, Task<int>> run)
    {
        var defaults = new DeadlineBenchmarkOptions();
        var storage = Value("--storage", "memory|postgres", "deadline store and Orleans providers", (string token, out BenchmarkStorage value) =>
        {
            (var known, value) = token.ToLowerInvariant() switch
            {
                "memory" => (true, BenchmarkStorage.Memory),
                "postgres" or "postgresql" => (true, BenchmarkStorage.Postgres),
                _ => (false, default),
            };
            return known;
        }, "memory or postgres", () => defaults.Storage);
        var connection = Text("--connection", "CS", "PostgreSQL connection string (postgres mode)", defaults.ConnectionString);
        var pending = Positive("--pending", "deadlines to register", defaults.Pending);
        var window = Seconds("--window", "due times spread uniformly over S seconds", defaults.Window);
        var targets = Positive("--targets", "distinct probe target grains", defaults.Targets);
        var lead = Value<TimeSpan?>("--lead", "S", "seconds from the start of registration to the first due time (default max(30, pending / 20000))",
            (string token, out TimeSpan? value) => (value = ReadSeconds(token, TimeSpan.FromSeconds)) is not null, "a number of seconds");
        var chunk = Positive("--chunk", "deadlines per DeadlineIndex.ScheduleMany call", defaults.Chunk);
        var parallel = Positive("--parallel", "ScheduleMany calls in flight", defaults.Parallel);
        var grace = Seconds("--grace", "wait at most this long after the last due time", defaults.Grace);
        var removalLinger = Value<TimeSpan?>("--removal-linger", "MS",
            "DeadlineOptions.RemovalLinger: fired entries' removals wait MS ms to share one write; 0 writes each at once (default: DeadlineOptions' own default, 20 ms)",
            (string token, out TimeSpan? value) => (value = ReadSeconds(token, TimeSpan.FromMilliseconds)) is not null, "a number of milliseconds");
        var allocationProfile = Flag("--alloc-profile", "print the types allocated most in each phase (sampled GCAllocationTick events)");
        var noWarm = Flag("--no-warm", "do not activate the probe targets before the fire phase");
        var noReset = Flag("--no-reset", "postgres: keep the tables' rows from earlier runs");
        var siloPort = Positive("--silo-port", "the silo's port", defaults.SiloPort);
        var gatewayPort = Positive("--gateway-port", "the silo's client gateway port", defaults.GatewayPort);

        var command = new Command(name, description)
        {
            storage, connection, pending, window, targets, lead, chunk, parallel, grace, removalLinger, allocationProfile, noWarm, noReset, siloPort, gatewayPort,
        };
        command.SetAction(result =>
        {
            var o = new DeadlineBenchmarkOptions
            {
                Storage = result.GetValue(storage), ConnectionString = result.GetValue(connection)!, Pending = result.GetValue(pending),
                Window = TimeSpan.FromSeconds(result.GetValue(window)), Targets = result.GetValue(targets), Lead = result.GetValue(lead), Chunk = result.GetValue(chunk),
                Parallel = result.GetValue(parallel), Grace = TimeSpan.FromSeconds(result.GetValue(grace)), Warm = !result.GetValue(noWarm),
                AllocationProfile = result.GetValue(allocationProfile), RemovalLinger = result.GetValue(removalLinger), Reset = !result.GetValue(noReset),
                SiloPort = result.GetValue(siloPort), GatewayPort = result.GetValue(gatewayPort),
            };

            // Every deadline gets its own microsecond (PostgreSQL keeps microseconds), so a fire maps back to exactly one.
            return (long)(o.Window.Ticks / TimeSpan.TicksPerMicrosecond) < o.Pending
                ? Task.FromResult(Refuse(result, $"--window must give each deadline its own microsecond: at least {o.Pending / 1e6:0.######} s for {o.Pending} deadlines"))
                : run(o);
        });
        return command;
    }

    private static Option<int> Positive(string name, string description, int defaultValue) =>
        Value(name, "N", description, (string token, out int value) => TryInteger(token, out value) && value > 0, "a positive integer", () => defaultValue);

    private static Option<double> Seconds(string name, string description, TimeSpan defaultValue) =>
        Value(name, "S", description, (string token, out double value) => TryNumber(token, out value) && value >= 0, "a number of seconds", () => defaultValue.TotalSeconds);

    /// <summary>A number of 0 or more, in the unit <paramref name="unit"/> makes a time of; null if it is not one.</summary>
    private static TimeSpan? ReadSeconds(string token, Func<double, TimeSpan> unit) =>
        TryNumber(token, out var value) && value >= 0 ? unit(value) : null;
}
