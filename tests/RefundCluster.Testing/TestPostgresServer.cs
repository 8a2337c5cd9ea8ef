using Npgsql;

namespace RefundCluster.Testing;

/// <summary>
/// The PostgreSQL server the tests use: REFUNDCLUSTER_TEST_PG, default 127.0.0.1:5432 as postgres. No server is a
/// failure, never a skip: <c>.ci/run</c> starts one (deploy/postgres/ensure-server.sh).
/// </summary>
public static class TestPostgresServer
{
    public static readonly string ConnectionString =
        Environment.GetEnvironmentVariable("REFUNDCLUSTER_TEST_PG") is { Length: > 0 } configured ? configured : "Host=127.0.0.1;Port=5432;Username=postgres";

    /// <summary>The connection string of one database on the server (or on another one, <paramref name="server"/>).</summary>
    public static string For(string database, int? maxPoolSize = null, string? server = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(server ?? ConnectionString) { Database = database };
        if (maxPoolSize is { } size)
        {
            builder.MaxPoolSize = size;
        }

        return builder.ConnectionString;
    }

    public static async Task EnsureReachable()
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Timeout = 5 }.ConnectionString);
            await connection.OpenAsync();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at '{ConnectionString}'. Start one with deploy/postgres/ensure-server.sh (.ci/run does), " +
                $"or point REFUNDCLUSTER_TEST_PG at one. ({e.Message})", e);
        }
    }

    /// <summary>Drops a test database; a leftover one is harmless, so failing to drop it is not an error.</summary>
    public static async Task Drop(string database, string? server = null)
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await using var connection = new NpgsqlConnection(For("postgres", server: server));
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // left for the next cleanup
        }
    }
}
