using System.Diagnostics;
using Npgsql;
using RefundCluster.Testing;

namespace RefundCluster.Durable.Tests.Support;

/// <summary>
/// A fresh database on the test PostgreSQL server (REFUNDCLUSTER_TEST_PG, default 127.0.0.1:5432 as postgres) or on a
/// <see cref="PrivatePostgresServer"/>, with the schema applied by the documented command, deploy/postgres/apply.sh, or
/// the one on a <see cref="PostgresPair"/>.
/// Dropped again on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _server;

    private TestDatabase(string name, string? server)
    {
        Name = name;
        _server = server;
        ConnectionString = TestPostgresServer.For(name, maxPoolSize: 20, server);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<TestDatabase> Create()
    {
        // Never a skip: the durable mode is what these tests are for.
        await TestPostgresServer.EnsureReachable();
        var database = new TestDatabase($"rc_test_{Guid.NewGuid():N}"[..20], server: null);
        await database.ApplySchema();
        return database;
    }

    /// <summary>A database on a server of the test's own (running already).</summary>
    public static async Task<TestDatabase> Create(PrivatePostgresServer server)
    {
        var database = new TestDatabase($"rc_test_{Guid.NewGuid():N}"[..20], server.ConnectionString);
        await database.ApplySchema();
        return database;
    }

    /// <summary>
    /// The database deploy/local/pg-pair.sh made on a <see cref="PostgresPair"/> (schema applied on its primary),
    /// reached like the silos reach it: through the multi-host string, whichever node is the primary.
    /// </summary>
    public static TestDatabase On(PostgresPair pair) => new(pair.Database, pair.ServerConnectionString);

    /// <summary>
    /// A database outage without stopping the shared server: with <paramref name="refuse"/> the database refuses new
    /// connections and its open ones are ended; without, it takes them again.
    /// </summary>
    public async Task RefuseConnections(bool refuse)
    {
        await using (var admin = new NpgsqlConnection(TestPostgresServer.For("postgres", server: _server)))
        {
            await admin.OpenAsync();
            await using var alter = new NpgsqlCommand($"ALTER DATABASE \"{Name}\" ALLOW_CONNECTIONS {(refuse ? "false" : "true")}", admin);
            await alter.ExecuteNonQueryAsync();
            if (refuse)
            {
                await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1", admin);
                terminate.Parameters.AddWithValue(Name);
                await terminate.ExecuteScalarAsync();
            }
        }

        DataSource.Clear();
    }

    /// <summary>Runs deploy/postgres/apply.sh against this database (creating it if needed).</summary>
    public async Task ApplySchema()
    {
        var csb = new NpgsqlConnectionStringBuilder(ConnectionString);
        var start = new ProcessStartInfo("bash", [System.IO.Path.Combine(RepositoryRoot.Path, "deploy", "postgres", "apply.sh")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["PGHOST"] = csb.Host;
        start.Environment["PGPORT"] = csb.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = csb.Username;
        start.Environment["PGDATABASE"] = Name;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"apply.sh failed ({process.ExitCode}):\n{await output}\n{await errors}");
        }
    }

    public async Task Execute(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<T> Scalar<T>(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task<List<object[]>> Rows(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await TestPostgresServer.Drop(Name, _server);
    }
}
