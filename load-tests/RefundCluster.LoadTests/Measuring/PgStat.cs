using Npgsql;

namespace RefundCluster.LoadTests.Measuring;

/// <summary>The target database's cumulative counters in <c>pg_stat_database</c> at one moment.</summary>
public sealed record PgStatSnapshot(long XactCommit, long XactRollback, long TupInserted, long TupUpdated, long TupDeleted)
{
    /// <summary>What happened between <paramref name="earlier"/> and this snapshot.</summary>
    public PgStatDelta Since(PgStatSnapshot earlier) => new(
        XactCommit - earlier.XactCommit, XactRollback - earlier.XactRollback,
        TupInserted - earlier.TupInserted, TupUpdated - earlier.TupUpdated, TupDeleted - earlier.TupDeleted);
}

/// <summary>
/// The target database's work over an interval: committed transactions (read-only ones included: PostgreSQL counts
/// every commit) and row writes (inserted + updated + deleted tuples, HOT updates included).
/// </summary>
public sealed record PgStatDelta(long Commits, long Rollbacks, long Inserted, long Updated, long Deleted)
{
    public long RowWrites => Inserted + Updated + Deleted;

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

            await using var command = new NpgsqlCommand(Sql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new PgStatSnapshot(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4))
                : null;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return null;
        }
    }
}
