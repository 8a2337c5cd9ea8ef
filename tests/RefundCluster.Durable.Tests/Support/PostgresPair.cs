using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace RefundCluster.Durable.Tests.Support;

/// <summary>
/// A PostgreSQL primary and its synchronous streaming standby, of the test's own (the shared server on 5432 is never
/// touched), run by the documented script deploy/local/pg-pair.sh on two free ports with both data dirs in a fresh
/// directory under /tmp; removed on dispose. The script applies the schema to <see cref="Database"/> on the primary,
/// and replication carries it to the standby.
/// </summary>
public sealed class PostgresPair : IAsyncDisposable
{
    private static readonly string Script = Path.Combine(RepositoryRoot.Path, "deploy", "local", "pg-pair.sh");

    private readonly string _directory;
    private readonly Dictionary<string, string> _environment;

    private PostgresPair(string database)
    {
        // Under /tmp rather than a TMPDIR that may be private to root: the postgres OS user must reach the data dirs.
        var temp = Directory.Exists("/tmp") ? "/tmp" : Path.GetTempPath();
        _directory = Path.Combine(temp, $"refundcluster-pair-{Guid.NewGuid():N}"[..34]);
        Database = database;
        PortA = LoopbackPort.Free();
        do
        {
            PortB = LoopbackPort.Free();
        }
        while (PortB == PortA);

        PrimaryPort = PortA;
        StandbyPort = PortB;

        _environment = new Dictionary<string, string>
        {
            ["PG_PAIR_DIR"] = _directory,
            ["PG_PAIR_PORT_A"] = PortA.ToString(CultureInfo.InvariantCulture),
            ["PG_PAIR_PORT_B"] = PortB.ToString(CultureInfo.InvariantCulture),
            ["REFUNDCLUSTER_DB"] = database,
        };
    }

    public string Database { get; }

    /// <summary>Node a, the first primary.</summary>
    public int PortA { get; }

    /// <summary>Node b, the first standby.</summary>
    public int PortB { get; }

    /// <summary>The node that is (or, killed, was last) the primary.</summary>
    public int PrimaryPort { get; private set; }

    /// <summary>The node <see cref="Promote"/> promotes.</summary>
    public int StandbyPort { get; private set; }

    /// <summary>
    /// The multi-host connection string the script prints for the silos (Target Session Attributes=primary), with
    /// its database.
    /// </summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The same without a database: what <see cref="TestDatabase"/> takes as its server.</summary>
    public string ServerConnectionString => new NpgsqlConnectionStringBuilder(ConnectionString) { Database = null }.ConnectionString;

    /// <summary>Initialises and starts both nodes; returns once the standby streams synchronously and the schema is applied.</summary>
    public static async Task<PostgresPair> Start(string database)
    {
        var pair = new PostgresPair(database);
        try
        {
            await pair.Run("start");
            pair.ConnectionString = (await pair.Run("connection-string")).Trim();
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// SIGKILL of the primary's postmaster and all its processes at once (a crash); returns once it is gone, with the
    /// instant the signal went out (the script's own clock: starting bash and finding the node take a while).
    /// </summary>
    public async Task<DateTime> KillPrimary() => Instant(await Run("kill-primary"));

    /// <summary>
    /// Promotes the standby (pg_ctl promote); returns once it runs as a primary, with the instant it first answered as
    /// one, found by asking it every 50 ms while the script runs (the script's own check comes late on a busy machine).
    /// </summary>
    public async Task<DateTime> Promote()
    {
        var standby = StandbyPort;
        using var promoted = new CancellationTokenSource();
        var writable = FirstAnswerAsPrimary(standby, promoted.Token);
        try
        {
            await Run("promote");
            StandbyPort = PrimaryPort;
            PrimaryPort = standby;
            return await writable.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await promoted.CancelAsync();
        }
    }

    private static async Task<DateTime> FirstAnswerAsPrimary(int port, CancellationToken stop)
    {
        var probe = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=2;Command Timeout=2";
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(stop);
                await using var command = new NpgsqlCommand("SELECT NOT pg_is_in_recovery()", connection);
                if (await command.ExecuteScalarAsync(stop) is true)
                {
                    return DateTime.UtcNow;
                }
            }
            catch (Exception e) when ((e is NpgsqlException or SocketException or TimeoutException) && !stop.IsCancellationRequested)
            {
                // the standby restarting its connections while it promotes
            }

            await Task.Delay(50, stop);
        }
    }

    /// <summary>Each node's port, pid and role, and the primary's replication state.</summary>
    public Task<string> Status() => Run("status");

    /// <summary>The end of both servers' logs, for a failure message.</summary>
    public string RecentLogs() => string.Join(Environment.NewLine, new[] { "a", "b" }.Select(node =>
    {
        var log = Path.Combine(_directory, $"node-{node}.log");
        return $"--- node {node} log ---{Environment.NewLine}" +
               (File.Exists(log) ? string.Join(Environment.NewLine, File.ReadLines(log).TakeLast(40)) : "(none)");
    }));

    /// <summary>The last "at HH:mm:ss.fff" (UTC) the script printed, as today's instant (yesterday's just after midnight).</summary>
    private static DateTime Instant(string output)
    {
        var said = Regex.Matches(output, @" at (\d{2}:\d{2}:\d{2}\.\d{3})").LastOrDefault()
                   ?? throw new InvalidOperationException($"pg-pair.sh printed no instant:{Environment.NewLine}{output}");
        var now = DateTime.UtcNow;
        var at = now.Date + TimeSpan.ParseExact(said.Groups[1].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
        return at > now + TimeSpan.FromMinutes(1) ? at.AddDays(-1) : at;
    }

    private async Task<string> Run(string command)
    {
        var start = new ProcessStartInfo("bash", [Script, command])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"pg-pair.sh {command} failed ({process.ExitCode}):{Environment.NewLine}{await output}{Environment.NewLine}{await errors}");
        }

        return await output;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(_directory, "pair.env")))
            {
                await Run("clean");
            }
        }
        catch (InvalidOperationException)
        {
            // a node that would not stop is left behind; its directory under /tmp names it
        }
    }
}
