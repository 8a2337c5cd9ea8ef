using System.Diagnostics;
using Npgsql;
using RefundCluster.LoadTests.Tests.Support;
using RefundCluster.Performance.Measuring;

namespace RefundCluster.LoadTests.Tests.Measuring;

/// <summary>pg_stat_database deltas and /proc CPU: the arithmetic, the parsing, and one read of each from the real thing.</summary>
public sealed class ResourceFiguresTests
{
    [Fact]
    public void A_pg_stat_delta_is_the_difference_of_the_counters_and_row_writes_add_inserts_updates_and_deletes()
    {
        var before = new PgStatSnapshot(XactCommit: 1_000, XactRollback: 3, TupInserted: 500, TupUpdated: 200, TupDeleted: 100);
        var after = new PgStatSnapshot(XactCommit: 1_720, XactRollback: 4, TupInserted: 800, TupUpdated: 310, TupDeleted: 150);

        var delta = after.Since(before);

        Assert.Equal(new PgStatDelta(720, 1, 300, 110, 50), delta);
        Assert.Equal(460, delta.RowWrites);
        Assert.Equal(7.2, delta.CommitsPer(100), 9);
        Assert.Equal(4.6, delta.RowWritesPer(100), 9);
        Assert.True(double.IsNaN(delta.CommitsPer(0)));
    }

    [Fact]
    public void Row_writes_by_table_are_the_tables_differences_and_the_clusters_own_leave_the_simulated_gateway_out()
    {
        var before = new PgStatSnapshot(1, 0, 100, 50, 0) { TableWrites = Tables(("refundcluster_grain_state", 90), ("refundcluster_gateway_payments", 10), ("quiet", 5)) };
        var after = new PgStatSnapshot(2, 0, 400, 150, 0) { TableWrites = Tables(("refundcluster_grain_state", 290), ("refundcluster_gateway_payments", 60), ("quiet", 5), ("new", 7)) };

        var delta = after.Since(before);

        Assert.Equal(Tables(("new", 7), ("refundcluster_gateway_payments", 50), ("refundcluster_grain_state", 200)), delta.ByTable, new TablesComparer());
        Assert.Equal(400, delta.RowWrites);
        Assert.Equal(350, delta.ClusterRowWrites);
        Assert.Equal(3.5, new ResourceUse(TimeSpan.FromSeconds(1), 100) { Database = delta }.ClusterRowWritesPerEvent, 9);
    }

    private static System.Collections.Immutable.ImmutableSortedDictionary<string, long> Tables(params (string Name, long Writes)[] tables) =>
        System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(tables.Select(t => KeyValuePair.Create(t.Name, t.Writes)));

    private sealed class TablesComparer : IEqualityComparer<System.Collections.Immutable.ImmutableSortedDictionary<string, long>>
    {
        public bool Equals(System.Collections.Immutable.ImmutableSortedDictionary<string, long>? x, System.Collections.Immutable.ImmutableSortedDictionary<string, long>? y) =>
            x!.SequenceEqual(y!);

        public int GetHashCode(System.Collections.Immutable.ImmutableSortedDictionary<string, long> obj) => obj.Count;
    }

    [Fact]
    public void Resource_use_between_two_snapshots_is_per_event_and_in_cores()
    {
        var hz = ProcCpu.TicksPerSecond;
        var start = new ResourceSnapshot(0, new PgStatSnapshot(10, 0, 0, 0, 0),
            new CpuSample(new Dictionary<(int, long), long> { [(1, 5)] = 100 }), new CpuSample(new Dictionary<(int, long), long> { [(2, 6)] = 50 }));
        var end = new ResourceSnapshot(2 * Stopwatch.Frequency, new PgStatSnapshot(1_010, 0, 2_000, 0, 0),
            new CpuSample(new Dictionary<(int, long), long> { [(1, 5)] = 100 + (long)hz }), new CpuSample(new Dictionary<(int, long), long> { [(2, 6)] = 50 + (long)(hz / 2) }));

        var use = ResourceMeter.Between(start, end, eventsApplied: 500);

        Assert.Equal(TimeSpan.FromSeconds(2), use.Span);
        Assert.Equal((2.0, 4.0), (use.CommitsPerEvent, use.RowWritesPerEvent));
        Assert.Equal(2.0, use.SiloCpuMsPerEvent, 6); // 1 s of CPU over 500 events
        Assert.Equal(0.5, use.SiloCores, 6);
        Assert.Equal(1.0, use.PostgresCpuMsPerEvent, 6);
        Assert.Equal(0.25, use.PostgresCores, 6);
        Assert.True(double.IsNaN(ResourceMeter.Between(start with { Database = null }, end, 500).CommitsPerEvent));
    }

    [Fact]
    public void Cpu_between_samples_counts_new_processes_whole_ignores_ended_ones_and_tells_a_reused_pid_apart()
    {
        var earlier = new CpuSample(new Dictionary<(int, long), long> { [(10, 1)] = 500, [(11, 1)] = 70, [(12, 1)] = 900 });
        var later = new CpuSample(new Dictionary<(int, long), long>
        {
            [(10, 1)] = 650, // +150
            [(13, 2)] = 40, // started since: all of it
            [(12, 9)] = 30, // pid 12 again, a new process (another start time): all of it
        });

        Assert.Equal(220, later.TicksSince(earlier));
        Assert.Equal(0, CpuSample.Empty.TicksSince(earlier));
    }

    [Fact]
    public void A_proc_stat_line_is_read_after_the_last_parenthesis_of_the_command_name()
    {
        const string line = "4242 (my (odd) prog) S 1 4242 4242 0 -1 4194560 1234 0 0 0 731 269 12 8 20 0 4 0 98765 123456789 2048 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

        var stat = ProcCpu.Parse(line)!.Value;

        Assert.Equal((4242, "my (odd) prog"), (stat.Pid, stat.Comm));
        Assert.Equal((731L, 269L, 12L, 8L, 98765L), (stat.UserTicks, stat.SystemTicks, stat.ChildUserTicks, stat.ChildSystemTicks, stat.StartTime));
        Assert.Equal(1000, stat.OwnTicks);
        Assert.Null(ProcCpu.Parse("garbage"));
    }

    [Fact]
    public void This_process_has_used_cpu_by_proc()
    {
        var stat = ProcCpu.Read(Environment.ProcessId);

        Assert.NotNull(stat);
        Assert.True(stat.Value.OwnTicks > 0);
        Assert.InRange(ProcCpu.TicksPerSecond, 50, 2000);
    }

    [Theory]
    [InlineData("postgres: postgres refundcluster_loadtest 127.0.0.1(60128) idle", "refundcluster_loadtest")]
    [InlineData("postgres: app orders [local] SELECT", "orders")]
    [InlineData("postgres: walwriter", null)]
    [InlineData("postgres: autovacuum launcher", null)]
    [InlineData("postgres: logical replication launcher", null)]
    [InlineData("/usr/lib/postgresql/15/bin/postgres -D /tmp/pg -p 5432", null)]
    public void A_postgres_backends_database_comes_from_its_process_title(string title, string? database) =>
        Assert.Equal(database, ProcCpu.BackendDatabase(title));

    [Fact]
    public void The_listening_socket_of_a_port_is_found_in_proc_net_tcp()
    {
        string[] lines =
        [
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   0: 0100007F:13BC 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 55501 1 0000000000000000 100 0 0 10 0",
            "   1: 0100007F:13BC 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000  1000        0 55502 1 0000000000000000 20 4 30 10 -1",
            "   2: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 55503 1 0000000000000000 100 0 0 10 0",
        ];

        Assert.Equal(["55501"], ProcCpu.ListeningInodes(lines, 0x13BC)); // 5052: the listener, not the connection
        Assert.Empty(ProcCpu.ListeningInodes(lines, 80));
    }

    [Fact]
    public void The_process_listening_on_a_port_is_found()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();

        var pids = ProcCpu.ListeningOn(((System.Net.IPEndPoint)listener.LocalEndpoint).Port);

        Assert.Contains(Environment.ProcessId, pids);
    }

    [Fact]
    public async Task Pg_stat_database_counts_the_commits_and_row_writes_of_the_database()
    {
        await using var database = await ScratchDatabase.Create();
        var before = await PgStat.Read(database.ConnectionString, TestContext.Current.CancellationToken);
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await Execute(connection, "CREATE TABLE t (id int PRIMARY KEY, v int)");
            for (var i = 0; i < 20; i++)
            {
                await Execute(connection, $"INSERT INTO t VALUES ({i}, 0)");
            }

            await Execute(connection, "UPDATE t SET v = 1 WHERE id < 5");
            await Execute(connection, "DELETE FROM t WHERE id >= 15");
        }

        // A backend reports its counters when it goes idle or closes, so they may take a moment to show.
        PgStatDelta? delta = null;
        for (var attempt = 0; attempt < 50 && (delta is null || delta.Commits < 23 || delta.RowWrites < 30 || delta.ByTable.GetValueOrDefault("t") < 30); attempt++)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            delta = (await PgStat.Read(database.ConnectionString, TestContext.Current.CancellationToken))!.Since(before!);
        }

        Assert.NotNull(delta);
        Assert.True(delta.Commits >= 23, $"{delta.Commits} commits"); // create, 20 inserts, update, delete (plus the catalog's and our reads)
        Assert.True(delta.Inserted >= 20 && delta.Updated >= 5 && delta.Deleted >= 5, delta.ToString());
        Assert.Equal(30, delta.ByTable.GetValueOrDefault("t")); // 20 inserted, 5 updated, 5 deleted: the table's own row writes
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
