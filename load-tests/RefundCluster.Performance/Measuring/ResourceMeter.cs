using System.Diagnostics;
using Npgsql;

namespace RefundCluster.Performance.Measuring;

/// <summary>
/// Takes <see cref="ResourceSnapshot"/>s (at a load test's step boundaries, around a benchmark's phase) and turns two
/// of them into a <see cref="ResourceUse"/>: committed transactions and row writes of the target database
/// (<c>pg_stat_database</c>), the silo's CPU, and the local PostgreSQL server's CPU for that database (from
/// <c>/proc</c>), each per event applied; for a silo hosted in this process, also the whole machine's CPU and this
/// process's runtime (collections, allocations, thread-pool lag).
/// </summary>
public sealed class ResourceMeter : IAsyncDisposable
{
    private readonly string? _connectionString;
    private readonly Func<IReadOnlyList<int>>? _siloPids;
    private readonly bool _postgres;
    private readonly string? _database;
    private readonly RuntimeProbe? _runtime;

    /// <param name="connectionString">The target's database (PostgreSQL storage), else null.</param>
    /// <param name="siloPids">The silo's processes (read again at each snapshot), or null when they cannot be known.</param>
    /// <param name="siloNote">How the silo's CPU is measured (the embedded silo shares the tool's process).</param>
    /// <param name="hostedHere">
    /// The silo runs in this process (the benchmarks): also measure this process's runtime and the whole machine's CPU,
    /// and without a target database, every PostgreSQL process on this machine (the others that share its cores).
    /// </param>
    public ResourceMeter(string? connectionString, Func<IReadOnlyList<int>>? siloPids, string? siloNote, bool hostedHere = false)
    {
        _connectionString = connectionString;
        _siloPids = ProcCpu.Available ? siloPids : null;
        SiloNote = _siloPids is null ? "silo CPU not measured (no /proc, or the silo process was not found)" : siloNote;
        if (connectionString is not null && ProcCpu.Available && IsLocal(connectionString))
        {
            _database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        }

        _postgres = _database is not null || (hostedHere && connectionString is null && ProcCpu.Available);
        PostgresNote = _postgres && _database is null ? "PostgreSQL CPU: every postgres process on this machine (no target database)"
            : connectionString is null ? null
            : _database is null ? "PostgreSQL CPU not measured (the server is not on this machine)"
            : $"PostgreSQL CPU: the backends of database {_database} and the server's background processes (other databases' backends left out)";
        _runtime = hostedHere ? new RuntimeProbe() : null;
    }

    public string? SiloNote { get; }

    public string? PostgresNote { get; }

    public async Task<ResourceSnapshot> Snapshot(CancellationToken cancellationToken)
    {
        var database = _connectionString is null ? null : await PgStat.Read(_connectionString, cancellationToken);
        var silo = _siloPids is null ? null : ProcCpu.Sample(_siloPids());
        var postgres = _postgres ? ProcCpu.SamplePostgres(_database) : null;
        return new ResourceSnapshot(Stopwatch.GetTimestamp(), database, silo, postgres)
        {
            Machine = _runtime is null ? null : ProcCpu.ReadMachine(),
            Runtime = _runtime?.Sample(),
        };
    }

    /// <summary>The use from <paramref name="from"/> until now, per event applied in between.</summary>
    public async Task<ResourceUse> Since(ResourceSnapshot from, long eventsApplied, CancellationToken cancellationToken) =>
        Between(from, await Snapshot(cancellationToken), eventsApplied);

    /// <summary>The use between two snapshots, per event applied in between.</summary>
    public static ResourceUse Between(ResourceSnapshot from, ResourceSnapshot to, long eventsApplied)
    {
        var span = Stopwatch.GetElapsedTime(from.Timestamp, to.Timestamp);
        return new ResourceUse(span, eventsApplied)
        {
            Database = from.Database is not null && to.Database is not null ? to.Database.Since(from.Database) : null,
            SiloCpuMs = from.Silo is not null && to.Silo is not null ? ProcCpu.Milliseconds(to.Silo.TicksSince(from.Silo)) : null,
            PostgresCpuMs = from.Postgres is not null && to.Postgres is not null ? ProcCpu.Milliseconds(to.Postgres.TicksSince(from.Postgres)) : null,
            MachineCpuMs = from.Machine is { } before && to.Machine is { } after && after.Total > before.Total ? ProcCpu.Milliseconds(after.Busy - before.Busy) : null,
            Runtime = from.Runtime is not null && to.Runtime is not null ? to.Runtime.Since(from.Runtime) : null,
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
        }
    }

    private static bool IsLocal(string connectionString)
    {
        var host = new NpgsqlConnectionStringBuilder(connectionString).Host ?? "localhost";
        return host.Split(',').All(h => h is "127.0.0.1" or "localhost" or "::1" || h.StartsWith('/'));
    }
}
