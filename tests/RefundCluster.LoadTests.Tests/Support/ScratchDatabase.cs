using Npgsql;
using RefundCluster.LoadTests.Hosting;

namespace RefundCluster.LoadTests.Tests.Support;

/// <summary>
/// A fresh database on the test PostgreSQL server (REFUNDCLUSTER_TEST_PG, default 127.0.0.1:5432 as postgres, as the
/// durable tests use), with the schema the tool applies; dropped again on dispose. No server is a failure, never a
/// skip: <c>.ci/run</c> starts one (deploy/postgres/ensure-server.sh).
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private static readonly string Server =
        Environment.GetEnvironmentVariable("REFUNDCLUSTER_TEST_PG") is { Length: > 0 } configured ? configured : "Host=127.0.0.1;Port=5432;Username=postgres";

    private ScratchDatabase(string name)
    {
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<ScratchDatabase> Create()
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Timeout = 5 }.ConnectionString);
            await connection.OpenAsync();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at '{Server}'. Start one with deploy/postgres/ensure-server.sh (.ci/run does), " +
                $"or point REFUNDCLUSTER_TEST_PG at one. ({e.Message})", e);
        }

        var database = new ScratchDatabase($"rc_lt_{Guid.NewGuid():N}"[..18]);
        await PostgresSchema.Apply(database.ConnectionString, CancellationToken.None);
        return database;
    }

    public async Task<long> Count(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres" }.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // a leftover scratch database is harmless
        }
    }
}
