namespace RefundCluster.Performance.Measuring;

/// <summary>
/// What had been used by one moment: PostgreSQL counters, the silo's and PostgreSQL's CPU, and (for a silo hosted in
/// the measuring process) the whole machine's CPU and this process's runtime. Each is null when not measured.
/// </summary>
public sealed record ResourceSnapshot(long Timestamp, PgStatSnapshot? Database, CpuSample? Silo, CpuSample? Postgres)
{
    public MachineCpu? Machine { get; init; }

    public RuntimeSample? Runtime { get; init; }
}
