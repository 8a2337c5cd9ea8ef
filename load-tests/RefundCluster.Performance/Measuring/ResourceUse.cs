namespace RefundCluster.Performance.Measuring;

/// <summary>
/// What the cluster spent over an interval, per event applied in it: PostgreSQL commits and row writes (from
/// <c>pg_stat_database</c> deltas of the target database; null with memory storage) and CPU of the silo and of
/// PostgreSQL (from /proc; null when not measured). <see cref="Span"/> is the interval's wall time.
/// </summary>
public sealed record ResourceUse(TimeSpan Span, long EventsApplied)
{
    public PgStatDelta? Database { get; init; }

    public double? SiloCpuMs { get; init; }

    public double? PostgresCpuMs { get; init; }

    public double CommitsPerEvent => Database?.CommitsPer(EventsApplied) ?? double.NaN;

    public double RowWritesPerEvent => Database?.RowWritesPer(EventsApplied) ?? double.NaN;

    /// <summary>Row writes per event without the simulated gateway's book (<see cref="PgStatDelta.ClusterRowWrites"/>).</summary>
    public double ClusterRowWritesPerEvent => Database is { } d && EventsApplied > 0 ? (double)d.ClusterRowWrites / EventsApplied : double.NaN;

    public double SiloCpuMsPerEvent => PerEvent(SiloCpuMs);

    public double PostgresCpuMsPerEvent => PerEvent(PostgresCpuMs);

    /// <summary>The silo's CPU as cores busy on average over the span.</summary>
    public double SiloCores => Cores(SiloCpuMs);

    public double PostgresCores => Cores(PostgresCpuMs);

    private double PerEvent(double? ms) => ms is { } v && EventsApplied > 0 ? v / EventsApplied : double.NaN;

    private double Cores(double? ms) => ms is { } v && Span > TimeSpan.Zero ? v / Span.TotalMilliseconds : double.NaN;
}
