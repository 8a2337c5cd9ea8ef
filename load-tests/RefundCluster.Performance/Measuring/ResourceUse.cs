using System.Globalization;
using System.Text.Json.Serialization;

namespace RefundCluster.Performance.Measuring;

/// <summary>
/// What the cluster spent over an interval, per event applied in it: PostgreSQL commits and row writes (from
/// <c>pg_stat_database</c> deltas of the target database; null with memory storage) and CPU of the silo and of
/// PostgreSQL (from /proc; null when not measured). <see cref="Span"/> is the interval's wall time. For a silo hosted in
/// the measuring process, also the whole machine's CPU and this process's runtime (left out of JSON when not measured).
/// </summary>
public sealed record ResourceUse(TimeSpan Span, long EventsApplied)
{
    public PgStatDelta? Database { get; init; }

    public double? SiloCpuMs { get; init; }

    public double? PostgresCpuMs { get; init; }

    /// <summary>CPU of the whole machine (every process on every core), when measured.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MachineCpuMs { get; init; }

    /// <summary>The measuring process's collections, allocations and thread-pool lag, when measured.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RuntimeUse? Runtime { get; init; }

    public double CommitsPerEvent => Database?.CommitsPer(EventsApplied) ?? double.NaN;

    public double RowWritesPerEvent => Database?.RowWritesPer(EventsApplied) ?? double.NaN;

    /// <summary>Row writes per event without the simulated gateway's book (<see cref="PgStatDelta.ClusterRowWrites"/>).</summary>
    public double ClusterRowWritesPerEvent => Database is { } d && EventsApplied > 0 ? (double)d.ClusterRowWrites / EventsApplied : double.NaN;

    public double SiloCpuMsPerEvent => PerEvent(SiloCpuMs);

    public double PostgresCpuMsPerEvent => PerEvent(PostgresCpuMs);

    /// <summary>The silo's CPU as cores busy on average over the span.</summary>
    public double SiloCores => Cores(SiloCpuMs);

    public double PostgresCores => Cores(PostgresCpuMs);

    /// <summary>The whole machine's CPU as cores busy on average over the span (NaN when not measured).</summary>
    [JsonIgnore]
    public double MachineCores => Cores(MachineCpuMs);

    /// <summary>
    /// One line for a phase of a silo hosted in this process: its CPU, PostgreSQL's and the rest of the machine's as
    /// shares of all cores, then the runtime's collections, pauses, allocations and thread-pool lag.
    /// </summary>
    public string Describe(string process = "this process")
    {
        var cores = Environment.ProcessorCount;
        var postgres = PostgresCores / cores > 0.005 ? $", postgres processes {Share(PostgresCpuMs)}" : "";
        var machine = MachineCpuMs is null ? ""
            : OthersCores is { } others ? $", whole machine {Share(MachineCpuMs)} (others {Percent(others / cores)})"
            : ", whole machine n/a (/proc/stat under-read)";
        var runtime = Runtime is not { } r ? "" : string.Create(CultureInfo.InvariantCulture,
            $"; thread-pool lag p99 {r.LagP99Ms:N1} ms, max {r.LagMaxMs:N1} ms\n  GC: {r.Allocated / 1048576.0:N0} MiB allocated, " +
            $"{r.Gen0}/{r.Gen1}/{r.Gen2} collections (gen0/1/2), paused {r.GcPause.TotalMilliseconds:N0} ms in all ({r.GcPause / Span:P1} of the phase), " +
            $"longest sampled pause {r.LongestGcPauseMs:N1} ms");
        return $"CPU: {process} {Share(SiloCpuMs)} of {cores} cores{postgres}{machine}{runtime}";
    }

    /// <summary>
    /// Cores the rest of the machine kept busy (other processes sharing them): the machine's CPU less the silo's and
    /// PostgreSQL's; null when not measured, or when /proc/stat under-read (less than those two together).
    /// </summary>
    [JsonIgnore]
    public double? OthersCores =>
        MachineCpuMs is { } machine && SiloCpuMs is { } silo && Span > TimeSpan.Zero && machine + (0.05 * Environment.ProcessorCount * Span.TotalMilliseconds) >= silo + (PostgresCpuMs ?? 0)
            ? Math.Max(0, machine - silo - (PostgresCpuMs ?? 0)) / Span.TotalMilliseconds
            : null;

    private string Share(double? ms) => Percent(Cores(ms) / Environment.ProcessorCount);

    private static string Percent(double share) => share.ToString("P0", CultureInfo.InvariantCulture);

    private double PerEvent(double? ms) => ms is { } v && EventsApplied > 0 ? v / EventsApplied : double.NaN;

    private double Cores(double? ms) => ms is { } v && Span > TimeSpan.Zero ? v / Span.TotalMilliseconds : double.NaN;
}
