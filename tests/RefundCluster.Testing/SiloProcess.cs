using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace RefundCluster.Testing;

/// <summary>
/// The built RefundCluster.Silo executable, run as a child process on loopback with ports picked for it; the same
/// binary and the same Program.cs that production runs, not a TestServer. Shared by the HTTP and the durable-cluster tests.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private const int OutputLinesKept = 300;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly ConcurrentQueue<(long Number, string Text)> _output = new();
    private long _lines;

    private SiloProcess(Process process, SiloPorts ports)
    {
        _process = process;
        Ports = ports;
        BaseAddress = new Uri($"http://127.0.0.1:{ports.Http}/");
    }

    public SiloPorts Ports { get; }

    public Uri BaseAddress { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The host's last lines of stdout/stderr, for failure messages.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _output.Select(l => l.Text));

    /// <summary>How many lines the host has written so far: a mark for <see cref="OutputSince"/>.</summary>
    public long OutputMark => Interlocked.Read(ref _lines);

    /// <summary>The kept lines written since <paramref name="mark"/> (<see cref="OutputMark"/>).</summary>
    public string OutputSince(long mark) => string.Join(Environment.NewLine, _output.Where(l => l.Number >= mark).Select(l => l.Text));

    /// <summary>
    /// Starts the host and returns once it answers HTTP. Retries with fresh ports if one was taken meanwhile (unless
    /// the ports were given).
    /// </summary>
    public static async Task<SiloProcess> Start(double timeScale, IReadOnlyList<string>? extraArguments = null, SiloPorts? ports = null)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var silo = Launch(timeScale, extraArguments ?? [], ports ?? SiloPorts.Free());
            try
            {
                await silo.WaitUntilReady();
                return silo;
            }
            catch (Exception) when (attempt < attempts && silo._process.HasExited && ports is null)
            {
                await silo.DisposeAsync();
            }
            catch
            {
                await silo.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Starts the host and returns at once, without waiting for it to answer (a silo expected never to get that far).</summary>
    public static SiloProcess Spawn(double timeScale, IReadOnlyList<string> extraArguments, SiloPorts ports) =>
        Launch(timeScale, extraArguments, ports);

    private static SiloProcess Launch(double timeScale, IReadOnlyList<string> extraArguments, SiloPorts ports)
    {
        var directory = AppContext.BaseDirectory;
        var dll = Path.Combine(directory, "RefundCluster.Silo.dll");
        if (!File.Exists(dll) || !File.Exists(Path.Combine(directory, "RefundCluster.Silo.runtimeconfig.json")))
        {
            throw new InvalidOperationException($"RefundCluster.Silo.dll and its runtimeconfig.json were not copied to {directory}.");
        }

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     dll, "--http-port", Invariant(ports.Http), "--silo-port", Invariant(ports.Silo), "--gateway-port", Invariant(ports.Gateway),
                     "--time-scale", Invariant(timeScale), "--contentRoot", directory,
                     "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Orleans=Warning",
                 }.Concat(TestCredentials.SiloArguments()).Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_gcServer"] = "0"; // two hosts and a test runner share the machine
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(process, ports);
        process.OutputDataReceived += (_, e) => silo.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    private async Task WaitUntilReady()
    {
        using var http = TestCredentials.Admin.NewClient(BaseAddress, TimeSpan.FromSeconds(5));
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} before answering:{Environment.NewLine}{RecentOutput}");
            }

            try
            {
                // A grain call, not just Kestrel: the silo must be up too.
                using var response = await http.GetAsync("v1/shops/readiness-probe/policy");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The silo did not answer HTTP within {StartTimeout}:{Environment.NewLine}{RecentOutput}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue((Interlocked.Increment(ref _lines) - 1, line));
        while (_output.Count > OutputLinesKept && _output.TryDequeue(out _))
        {
        }
    }

    private static string Invariant(IFormattable value) => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>SIGKILL, as <c>kill -9</c>: no graceful shutdown, no flushing, sockets torn down by the kernel.</summary>
    public async Task Kill()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // already gone, or it will be reaped with the test runner
        }
        finally
        {
            _process.Dispose();
        }
    }
}
