using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace RefundCluster.Api.Tests.Infrastructure;

/// <summary>
/// The built RefundCluster.Silo executable, run as a child process on loopback with ports picked for it; the same
/// binary and the same Program.cs that production runs, not a TestServer.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private const int OutputLinesKept = 300;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The host's last lines of stdout/stderr, for failure messages.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _output);

    /// <summary>Starts the host and returns once it answers HTTP. Retries with fresh ports if one was taken meanwhile.</summary>
    public static async Task<SiloProcess> Start(double timeScale)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var silo = Launch(timeScale);
            try
            {
                await silo.WaitUntilReady();
                return silo;
            }
            catch (Exception) when (attempt < attempts && silo._process.HasExited)
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

    private static SiloProcess Launch(double timeScale)
    {
        var directory = AppContext.BaseDirectory;
        var dll = Path.Combine(directory, "RefundCluster.Silo.dll");
        if (!File.Exists(dll) || !File.Exists(Path.Combine(directory, "RefundCluster.Silo.runtimeconfig.json")))
        {
            throw new InvalidOperationException($"RefundCluster.Silo.dll and its runtimeconfig.json were not copied to {directory}.");
        }

        var (httpPort, siloPort, gatewayPort) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     dll, "--http-port", Invariant(httpPort), "--silo-port", Invariant(siloPort), "--gateway-port", Invariant(gatewayPort),
                     "--time-scale", Invariant(timeScale), "--contentRoot", directory,
                     "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Orleans=Warning",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_gcServer"] = "0"; // two hosts and a test runner share the machine
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(process, new Uri($"http://127.0.0.1:{httpPort}/"));
        process.OutputDataReceived += (_, e) => silo.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    private async Task WaitUntilReady()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
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

        _output.Enqueue(line);
        while (_output.Count > OutputLinesKept && _output.TryDequeue(out _))
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Invariant(IFormattable value) => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);

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
