using Npgsql;

namespace RefundCluster.LoadTests.Ceilings;

/// <summary>
/// The raw single-row upsert rate of the target's PostgreSQL server, as pgbench with 16 clients measures it: a scratch
/// table created for the probe (and dropped after), 16 connections each running
/// <c>INSERT … ON CONFLICT (id) DO UPDATE</c> of one random row in a closed loop, every statement its own transaction
/// with synchronous commit. The durable event rate of a run is compared with it.
/// </summary>
public static class UpsertCeiling
{
    public const int Connections = 16;

    /// <summary>Rows the upserts spread over (pgbench's accounts table at scale 1): first mostly inserts, then updates.</summary>
    public const int KeySpace = 100_000;

    /// <summary>About the size of a small grain-state row.</summary>
    private static readonly string Payload = new('x', 200);

    public static string TableName(string runId) => $"loadtest_upsert_ceiling_{Sanitise(runId)}";

    public static string CreateSql(string table) =>
        $"CREATE TABLE {table} (id bigint PRIMARY KEY, version bigint NOT NULL, payload text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())";

    public static string UpsertSql(string table) =>
        $"INSERT INTO {table} (id, version, payload) VALUES ($1, 1, $2) " +
        $"ON CONFLICT (id) DO UPDATE SET version = {table}.version + 1, payload = EXCLUDED.payload, updated_at = now()";

    public static string DropSql(string table) => $"DROP TABLE IF EXISTS {table}";

    /// <summary>What a reader needs to trust the figure: the durability settings it ran with.</summary>
    public static string Describe(string fsync, string synchronousCommit) =>
        $"PostgreSQL single-row upsert, INSERT … ON CONFLICT DO UPDATE, synchronous_commit={synchronousCommit}, fsync={fsync} ({Connections} connections)";

    public sealed record Result(double UpsertsPerSecond, string Description);

    public static async Task<Result> Measure(string connectionString, string runId, TimeSpan duration, CancellationToken cancellationToken)
    {
        // Connections of its own, opened before the clock starts; the silo's pools are left alone.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Enlist = false };
        var table = TableName(runId);
        var connections = new NpgsqlConnection[Connections];
        var commands = new NpgsqlCommand[Connections];
        try
        {
            for (var i = 0; i < Connections; i++)
            {
                connections[i] = new NpgsqlConnection(builder.ConnectionString);
                await connections[i].OpenAsync(cancellationToken);
                await Execute(connections[i], "SET synchronous_commit = on", cancellationToken);
            }

            await Execute(connections[0], DropSql(table), cancellationToken);
            await Execute(connections[0], CreateSql(table), cancellationToken);
            var fsync = await Show(connections[0], "fsync", cancellationToken);
            var synchronousCommit = await Show(connections[0], "synchronous_commit", cancellationToken);
            for (var i = 0; i < Connections; i++)
            {
                var command = new NpgsqlCommand(UpsertSql(table), connections[i]);
                command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
                command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, TypedValue = Payload });
                await command.PrepareAsync(cancellationToken);
                commands[i] = command;
            }

            // Worker w only ever gets call numbers n ≡ w (mod Connections): one connection per worker, as pgbench's clients.
            var rate = await CeilingProbe.ClosedLoop(Connections, duration, async n =>
            {
                var command = commands[n % Connections];
                ((NpgsqlParameter<long>)command.Parameters[0]).TypedValue = Random.Shared.NextInt64(KeySpace);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }, cancellationToken);
            return new Result(rate, Describe(fsync, synchronousCommit));
        }
        finally
        {
            foreach (var command in commands)
            {
                command?.Dispose();
            }

            if (connections[0] is { State: System.Data.ConnectionState.Open } first)
            {
                await Execute(first, DropSql(table), CancellationToken.None);
            }

            foreach (var connection in connections)
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }
            }
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<string> Show(NpgsqlConnection connection, string setting, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A run id as part of an identifier: lower-case letters, digits and underscores only.</summary>
    private static string Sanitise(string runId) =>
        new([.. runId.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
}
