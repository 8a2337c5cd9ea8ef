using System.Globalization;

namespace RefundCluster.Durable.Tests.Support;

/// <summary>
/// Silo processes in PostgreSQL mode sharing one database, one cluster id and one demo-clock epoch. Any silo serves
/// the HTTP API; a silo can be killed with SIGKILL and restarted on the same ports.
/// </summary>
public sealed class DurableCluster : IAsyncDisposable
{
    private readonly SiloProcess?[] _silos;
    private readonly SiloPorts[] _ports;
    private readonly string[] _arguments;

    private DurableCluster(TestDatabase database, int count, double timeScale, IReadOnlyList<string> extraArguments)
    {
        Database = database;
        TimeScale = timeScale;
        _silos = new SiloProcess?[count];
        _ports = [.. Enumerable.Range(0, count).Select(_ => SiloPorts.Free())];
        _arguments =
        [
            "--storage", "PostgreSql", "--connection", database.ConnectionString, "--cluster-id", database.Name,
            "--time-scale-epoch", Epoch.ToString("O", CultureInfo.InvariantCulture),
            .. extraArguments,
        ];
    }

    public TestDatabase Database { get; }

    /// <summary>The real instant from which every silo's demo clock runs <see cref="TimeScale"/> times fast.</summary>
    public DateTimeOffset Epoch { get; } = DateTimeOffset.UtcNow;

    public double TimeScale { get; }

    public int Count => _silos.Length;

    /// <summary>HTTP addresses of the silos that are running.</summary>
    public IReadOnlyList<Uri> LiveEndpoints => [.. _silos.Where(s => s is { HasExited: false }).Select(s => s!.BaseAddress)];

    /// <summary>The HTTP address of silo <paramref name="index"/> (running or not).</summary>
    public Uri Endpoint(int index) => new($"http://127.0.0.1:{_ports[index].Http}/");

    public static async Task<DurableCluster> Start(TestDatabase database, int silos, double timeScale, IReadOnlyList<string>? extraArguments = null)
    {
        var cluster = new DurableCluster(database, silos, timeScale, extraArguments ?? []);
        try
        {
            for (var i = 0; i < silos; i++)
            {
                await cluster.StartFirstTime(i); // one by one: the first creates the membership version row
            }
        }
        catch
        {
            await cluster.DisposeAsync(); // the silos already started would outlive the failed test (one did on CI)
            throw;
        }

        return cluster;
    }

    /// <summary>
    /// A silo's first start. Its ports were picked free but not held: another test's process can take one before the
    /// silo binds it (seen on CI: "Address already in use", exit 134). Nobody knows a silo's ports before its first start
    /// (a restart reuses them), so that silo gets fresh ones.
    /// </summary>
    private async Task StartFirstTime(int index)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartSilo(index);
                return;
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
                _ports[index] = SiloPorts.Free();
            }
        }
    }

    public async Task StartSilo(int index) =>
        _silos[index] = await SiloProcess.Start(TimeScale, _arguments, _ports[index]);

    /// <summary>kill -9: the silo gets no chance to hand anything over.</summary>
    public async Task Kill(int index)
    {
        await _silos[index]!.Kill();
        await _silos[index]!.DisposeAsync();
        _silos[index] = null;
    }

    public string RecentOutput(int index) => _silos[index]?.RecentOutput ?? "(not running)";

    /// <summary>Every silo's recent output under a heading, for a failed test's message.</summary>
    public string AllRecentOutput => string.Join(Environment.NewLine,
        Enumerable.Range(0, Count).Select(i => $"--- silo {i} recent output ---{Environment.NewLine}{RecentOutput(i)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            if (silo is not null)
            {
                await silo.DisposeAsync();
            }
        }
    }
}
