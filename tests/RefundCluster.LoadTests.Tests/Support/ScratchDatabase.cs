using Npgsql;
using RefundCluster.Performance.Setup;
using RefundCluster.Testing;

namespace RefundCluster.LoadTests.Tests.Support;

/// <summary>
/// A fresh database on the test PostgreSQL server (REFUNDCLUSTER_TEST_PG, default 127.0.0.1:5432 as postgres, as the
/// durable tests use), with the schema the tool applies; dropped again on dispose. No server is a failure, never a
/// skip: <c>.ci/run</c> starts one (deploy/postgres/ensure-server.sh).
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private ScratchDatabase(string name)
    {
        Name = name;
        ConnectionString = TestPostgresServer.For(name);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<ScratchDatabase> Create()
    {
        await TestPostgresServer.EnsureReachable();
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

    public ValueTask DisposeAsync() => new(TestPostgresServer.Drop(Name));
}
