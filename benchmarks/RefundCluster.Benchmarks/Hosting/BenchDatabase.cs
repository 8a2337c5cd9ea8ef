using System.Diagnostics;
using Npgsql;
using RefundCluster.Performance.Setup;

namespace RefundCluster.Benchmarks.Hosting;

/// <summary>Prepares the benchmark's PostgreSQL database: schema via deploy/postgres/apply.sh (as the load-test tool applies it), then empty tables.</summary>
public static class BenchDatabase
{
    /// <summary>Tables a run writes; emptied first so that runs are independent.</summary>
    private static readonly string[] Tables =
    [
        "refundcluster_deadlines", "orleansreminderstable", "orleansmembershiptable", "orleansmembershipversiontable",
    ];

    public static async Task Prepare(string connectionString, bool reset, TextWriter log)
    {
        log.WriteLine($"  schema: {await PostgresSchema.Apply(connectionString, CancellationToken.None)}");
        if (reset)
        {
            await using var db = NpgsqlDataSource.Create(connectionString);
            await using var truncate = db.CreateCommand($"TRUNCATE {string.Join(", ", Tables)}");
            await truncate.ExecuteNonQueryAsync();
            log.WriteLine($"  emptied: {string.Join(", ", Tables)}");
        }
    }

    /// <summary>
    /// The server is shared (other test runs open connections too), and the silo needs several dozen at once (shard
    /// writes, reminders, membership): wait until that many are free rather than fail half-way.
    /// </summary>
    public static async Task WaitForFreeConnections(string connectionString, int wanted, TimeSpan timeout, TextWriter log)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await using var cmd = db.CreateCommand(
                "SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int");
            var free = (int)(await cmd.ExecuteScalarAsync())!;
            if (free >= wanted || watch.Elapsed > timeout)
            {
                log.WriteLine($"  postgres connections free: {free}" + (free < wanted ? $" (fewer than the {wanted} wanted; going on)" : ""));
                return;
            }

            if (watch.Elapsed < TimeSpan.FromSeconds(1))
            {
                log.WriteLine($"  postgres connections free: {free}; waiting for {wanted} (the server is shared)");
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    public static async Task<long> CountDeadlines(string connectionString)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var cmd = db.CreateCommand("SELECT count(*) FROM refundcluster_deadlines");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
