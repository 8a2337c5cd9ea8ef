using System.Diagnostics;
using Npgsql;

namespace RefundCluster.Performance.Measuring;

/// <summary>What the cluster had used by one moment: PostgreSQL counters and the silo's and PostgreSQL's CPU.</summary>
public sealed record ResourceSnapshot(long Timestamp, PgStatSnapshot? Database, CpuSample? Silo, CpuSample? Postgres);

/// <summary>
/// Takes <see cref="ResourceSnapshot"/>s at the steps' boundaries and after the run, and turns two of them into a
/// <see cref="ResourceUse"/>: committed transactions and row writes of the target database (<c>pg_stat_database</c>),
/// the silo's CPU, and the local PostgreSQL server's CPU for that database (from <c>/proc</c>), each per event applied.
/// </summary>
public sealed class ResourceMeter
{
    private readonly string? _connectionString;
    private readonly string? _database;
    private readonly Func<IReadOnlyList<int>>? _siloPids;

    /// <param name="connectionString">The target's database (PostgreSQL storage), else null.</param>
    /// <param name="siloPids">The silo's processes (read again at each snapshot), or null when they cannot be known.</param>
    /// <param name="siloNote">How the silo's CPU is measured (the embedded silo shares the tool's process).</param>
    public ResourceMeter(string? connectionString, Func<IReadOnlyList<int>>? siloPids, string? siloNote)
    {
        _connectionString = connectionString;
        _siloPids = ProcCpu.Available ? siloPids : null;
        SiloNote = _siloPids is null ? "silo CPU not measured (no /proc, or the silo process was not found)" : siloNote;
        if (connectionString is not null && ProcCpu.Available && IsLocal(connectionString))
        {
            _database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        }

        PostgresNote = connectionString is null ? null
            : _database is null ? "PostgreSQL CPU not measured (the server is not on this machine)"
            : $"PostgreSQL CPU: the backends of database {_database} and the server's background processes (other databases' backends left out)";
    }

    public string? SiloNote { get; }

    public string? PostgresNote { get; }

    public async Task<ResourceSnapshot> Snapshot(CancellationToken cancellationToken)
    {
        var database = _connectionString is null ? null : await PgStat.Read(_connectionString, cancellationToken);
        var silo = _siloPids is null ? null : ProcCpu.Sample(_siloPids());
        var postgres = _database is null ? null : ProcCpu.SamplePostgres(_database);
        return new ResourceSnapshot(Stopwatch.GetTimestamp(), database, silo, postgres);
    }

    /// <summary>The use between two snapshots, per event applied in between.</summary>
    public static ResourceUse Between(ResourceSnapshot from, ResourceSnapshot to, long eventsApplied)
    {
        var span = Stopwatch.GetElapsedTime(from.Timestamp, to.Timestamp);
        return new ResourceUse(span, eventsApplied)
        {
            Database = from.Database is not null && to.Database is not null ? to.Database.Since(from.Database) : null,
            SiloCpuMs = from.Silo is not null && to.Silo is not null ? ProcCpu.Milliseconds(to.Silo.TicksSince(from.Silo)) : null,
            PostgresCpuMs = from.Postgres is not null && to.Postgres is not null ? ProcCpu.Milliseconds(to.Postgres.TicksSince(from.Postgres)) : null,
        };
    }

    private static bool IsLocal(string connectionString)
    {
        var host = new NpgsqlConnectionStringBuilder(connectionString).Host ?? "localhost";
        return host.Split(',').All(h => h is "127.0.0.1" or "localhost" or "::1" || h.StartsWith('/'));
    }
}
