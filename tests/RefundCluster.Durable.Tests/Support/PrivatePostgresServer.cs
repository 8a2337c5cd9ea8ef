using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

namespace RefundCluster.Durable.Tests.Support;

/// <summary>
/// A PostgreSQL server of the test's own, on a free port and in a fresh data directory, for tests that stop and start
/// it: the shared server (127.0.0.1:5432) that the other tests use in parallel is never touched. Started and stopped
/// with deploy/postgres/ensure-server.sh (PGPORT, PGDATA_DIR, PG_STOP_MODE), which as root runs it as the
/// <c>postgres</c> OS user. Removed on dispose.
/// </summary>
public sealed class PrivatePostgresServer : IAsyncDisposable
{
    private readonly string _directory;

    private PrivatePostgresServer()
    {
        Port = LoopbackPort.Free();
        // Under /tmp rather than a TMPDIR that may be private to root: the postgres OS user must reach the data dir.
        var temp = Directory.Exists("/tmp") ? "/tmp" : Path.GetTempPath();
        _directory = Path.Combine(temp, $"refundcluster-pg-{Guid.NewGuid():N}"[..32]);
        Directory.CreateDirectory(_directory);
        DataDirectory = Path.Combine(_directory, "data");
    }

    public int Port { get; }

    public string DataDirectory { get; }

    /// <summary>The server as the <c>postgres</c> superuser (trust auth on 127.0.0.1).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres";

    /// <summary>Initialises the data directory and starts the server; returns once it answers.</summary>
    public static async Task<PrivatePostgresServer> Start()
    {
        var server = new PrivatePostgresServer();
        try
        {
            await server.StartAgain();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary><c>pg_ctl stop -m fast|immediate</c>; returns once the server is gone.</summary>
    public Task Stop(ShutdownMode mode) => Script("--stop", mode);

    /// <summary>
    /// Starts the server on the same port and data directory (after an immediate stop: with crash recovery). Returns
    /// the instant it first answered <c>SELECT 1</c>, found by asking every 50 ms while it starts.
    /// </summary>
    public async Task<DateTime> StartAgain()
    {
        using var started = new CancellationTokenSource();
        var answered = FirstAnswer(started.Token);
        try
        {
            await Script(null, ShutdownMode.Fast);
            // ensure-server.sh returns once the server answered: the probe is about to see it too.
            return await answered.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await started.CancelAsync();
        }
    }

    private async Task<DateTime> FirstAnswer(CancellationToken stop)
    {
        var probe = $"{ConnectionString};Database=postgres;Pooling=false;Timeout=1;Command Timeout=1";
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(stop);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(stop);
                return DateTime.UtcNow;
            }
            catch (Exception e) when ((e is NpgsqlException or SocketException or TimeoutException) && !stop.IsCancellationRequested)
            {
                await Task.Delay(50, stop);
            }
        }
    }

    private async Task Script(string? argument, ShutdownMode mode)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "deploy", "postgres", "ensure-server.sh"));
        if (argument is not null)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGDATA_DIR"] = DataDirectory;
        start.Environment["PG_STOP_MODE"] = mode.ToString().ToLowerInvariant();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ensure-server.sh {argument} failed ({process.ExitCode}):\n{await output}\n{await errors}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Stop(ShutdownMode.Immediate);
        }
        catch (InvalidOperationException)
        {
            // never started, or gone already
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a leftover data directory in /tmp is harmless
        }
    }
}
