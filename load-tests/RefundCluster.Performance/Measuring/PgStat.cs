using System.Collections.Immutable;
using Npgsql;

namespace RefundCluster.Performance.Measuring;

/// <summary>
/// The target database's cumulative counters in <c>pg_stat_database</c> at one moment, and each table's row writes
/// (<c>pg_stat_all_tables</c>: inserted + updated + deleted; a TOAST table under its owner's name with " (TOAST)").
/// </summary>
public sealed record PgStatSnapshot(long XactCommit, long XactRollback, long TupInserted, long TupUpdated, long TupDeleted)
{
    public ImmutableSortedDictionary<string, long> TableWrites { get; init; } = ImmutableSortedDictionary<string, long>.Empty;

    /// <summary>What happened between <paramref name="earlier"/> and this snapshot.</summary>
    public PgStatDelta Since(PgStatSnapshot earlier) => new(
        XactCommit - earlier.XactCommit, XactRollback - earlier.XactRollback,
        TupInserted - earlier.TupInserted, TupUpdated - earlier.TupUpdated, TupDeleted - earlier.TupDeleted)
    {
        ByTable = TableWrites.IsEmpty ? ImmutableSortedDictionary<string, long>.Empty
            : TableWrites.Select(t => (t.Key, Writes: t.Value - earlier.TableWrites.GetValueOrDefault(t.Key)))
                .Where(t => t.Writes > 0).ToImmutableSortedDictionary(t => t.Key, t => t.Writes),
    };
}

/// <summary>
/// The target database's work over an interval: committed transactions (read-only ones included: PostgreSQL counts
/// every commit) and row writes (inserted + updated + deleted tuples, HOT updates included).
/// </summary>
public sealed record PgStatDelta(long Commits, long Rollbacks, long Inserted, long Updated, long Deleted)
{
    /// <summary>
    /// The simulated payment gateway's book: in the load tool's runs it lives in the cluster's database, in production
    /// it is the payment provider's.
    /// </summary>
    public const string SimulatedGatewayTable = "refundcluster_gateway_payments";

    public long RowWrites => Inserted + Updated + Deleted;

    /// <summary>Row writes by table (those written in the interval); empty when the tables were not read.</summary>
    public ImmutableSortedDictionary<string, long> ByTable { get; init; } = ImmutableSortedDictionary<string, long>.Empty;

    /// <summary>Row writes without the simulated gateway's book: what the cluster itself writes.</summary>
    public long ClusterRowWrites => RowWrites - ByTable.GetValueOrDefault(SimulatedGatewayTable);

    /// <summary>Committed transactions per event applied; NaN without events.</summary>
    public double CommitsPer(long events) => events > 0 ? (double)Commits / events : double.NaN;

    /// <summary>Row writes per event applied; NaN without events.</summary>
    public double RowWritesPer(long events) => events > 0 ? (double)RowWrites / events : double.NaN;
}

/// <summary>
/// Reads <c>pg_stat_database</c> for the connection string's database, on a connection of its own (the silo's pools
/// are left alone). Backends report their counters when they go idle, at most about once a second, so a snapshot lags
/// the truth by up to a second: deltas are meant for intervals of many seconds.
/// </summary>
public static class PgStat
{
    public const string Sql =
        "SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = current_database()";

    /// <summary>Row writes by table, system catalogs left out (their TOAST tables too).</summary>
    public const string TablesSql =
        """
        SELECT coalesce(o.relname || ' (TOAST)', s.relname), s.n_tup_ins + s.n_tup_upd + s.n_tup_del
        FROM pg_stat_all_tables s LEFT JOIN pg_class o ON o.reltoastrelid = s.relid
        WHERE s.schemaname NOT IN ('pg_catalog', 'information_schema') AND (s.schemaname <> 'pg_toast' OR o.relnamespace <> 'pg_catalog'::regnamespace)
        """;

    public static async Task<PgStatSnapshot?> Read(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Enlist = false };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            // A fresh view of the shared counters, not one cached earlier in this session.
            await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", connection))
            {
                await clear.ExecuteNonQueryAsync(cancellationToken);
            }

            PgStatSnapshot? snapshot;
            await using (var command = new NpgsqlCommand(Sql, connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                snapshot = await reader.ReadAsync(cancellationToken)
                    ? new PgStatSnapshot(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4))
                    : null;
            }

            if (snapshot is null)
            {
                return null;
            }

            var tables = ImmutableSortedDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
            await using (var command = new NpgsqlCommand(TablesSql, connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    // Two tables of one name in different schemas add up.
                    tables[reader.GetString(0)] = tables.GetValueOrDefault(reader.GetString(0)) + reader.GetInt64(1);
                }
            }

            return snapshot with { TableWrites = tables.ToImmutable() };
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return null;
        }
    }
}
