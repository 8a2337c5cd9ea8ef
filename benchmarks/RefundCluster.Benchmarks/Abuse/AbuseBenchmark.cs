using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RefundCluster.Benchmarks.Hosting;
using RefundCluster.Performance.Measuring;
using RefundCluster.Performance.Setup;
using RefundCluster.Silo.Api;
using RefundCluster.Silo.Security;

namespace RefundCluster.Benchmarks.Abuse;

/// <summary>
/// Abusive clients against good ones (issue 16: "2,000 slow uploads or 200 hostile requests/s: good events' p99
/// stays within 2x of the same load without them"). The whole host (<c>SiloApp</c>, embedded memory mode, one silo) on
/// free loopback ports, three integrator keys (good, slow, hostile), and in one process, one after the other:
/// A, good events alone (the baseline); B, the same while <c>--slow</c> connections upload bodies at
/// <c>--slow-rate</c> bytes/s; C, the same while <c>--hostile</c> hostile requests a second arrive. Good events are
/// an open model; their latency counts from each one's intended start. Prints per phase the good events' p50/p99/max,
/// their refusals, what the abusive clients sent and were answered, and each p99 against the baseline's.
/// </summary>
public static class AbuseBenchmark
{
    private sealed record Row(string Phase, GoodEvents.Result Good, string Abuse, string Answers, ResourceUse Usage);

    /// <summary>The <c>abuse</c> command.</summary>
    public static System.CommandLine.Command CreateCommand() => AbuseOptions.CreateCommand(
        "abusive clients against good ones (issue 16): good events alone (A), beside slow uploads (B), beside hostile requests (C); " +
        "each phase's good events' p50/p99/max and refusals, and each p99 against the baseline's", Run);

    private static async Task<int> Run(AbuseOptions o)
    {
        var ports = FreePorts.Take(3);
        var (http, silo, gateway) = (ports[0], ports[1], ports[2]);
        var settings = new Dictionary<string, string?>
        {
            ["RefundCluster:Storage"] = "Memory",
            ["RefundCluster:SiloPort"] = silo.ToString(CultureInfo.InvariantCulture),
            ["RefundCluster:GatewayPort"] = gateway.ToString(CultureInfo.InvariantCulture),
            ["RefundCluster:HttpPort"] = http.ToString(CultureInfo.InvariantCulture),
            ["RefundCluster:ClusterId"] = "abuse-bench",
            ["Security:GenerateDevelopmentKey"] = "false",
        };
        // Three integrators, each with its own key and so its own rate limit (the default: 2,000 requests/s).
        var keys = new Dictionary<string, string>();
        foreach (var (who, i) in new[] { "good", "slow", "hostile" }.Select((w, i) => (w, i)))
        {
            var (key, hash) = ApiKey.Generate($"abuse-{who}");
            keys[who] = key;
            settings[$"Security:ApiKeys:{i}:Id"] = $"abuse-{who}";
            settings[$"Security:ApiKeys:{i}:Hash"] = hash;
            settings[$"Security:ApiKeys:{i}:Roles:0"] = nameof(Role.Integrator);
        }

        await using var app = await ProductionSilo.StartWithApi(settings);
        var kestrel = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        var admission = app.Services.GetRequiredService<IOptions<AdmissionOptions>>().Value;
        Console.WriteLine($"# abuse: the whole host (SiloApp), memory mode, one silo, HTTP on 127.0.0.1:{http}; {Environment.ProcessorCount} cores, the driver in the same process");
        Console.WriteLine($"  good events {o.Rate:N0}/s (open model), per phase warm-up {o.Warmup.TotalSeconds:N0} s + measured {o.Duration.TotalSeconds:N0} s; " +
            $"phase B {o.Slow:N0} slow uploads of {o.SlowBytes:N0} B at {o.SlowRate:N0} B/s ({o.SlowRate * o.SlowTick.TotalSeconds:N0} B every {o.SlowTick.TotalMilliseconds:N0} ms); phase C {o.Hostile:N0} hostile requests/s");
        Console.WriteLine($"  host limits: Kestrel MaxConcurrentConnections {kestrel.MaxConcurrentConnections?.ToString("N0", CultureInfo.InvariantCulture) ?? "none"}, " +
            $"MinRequestBodyDataRate {kestrel.MinRequestBodyDataRate?.BytesPerSecond:N0} B/s after {kestrel.MinRequestBodyDataRate?.GracePeriod.TotalSeconds:N0} s, " +
            $"Admission:BodyReadTimeout {admission.BodyReadTimeout.TotalSeconds:N0} s, MaxEventsInFlight {admission.MaxEventsInFlight:N0}; open files limit {OpenFilesLimit()}");

        using var goodHttp = Client(http, keys["good"]);
        using var hostileHttp = Client(http, keys["hostile"]);
        var run = Guid.NewGuid().ToString("N")[..6];
        var good = new GoodEvents(goodHttp, run);
        await using var meter = new ResourceMeter(null, () => [Environment.ProcessId], null, hostedHere: true);
        var rows = new List<Row>();
        var failed = false;

        foreach (var phase in o.Phases)
        {
            // Each phase starts from a collected heap, so that the previous phase's garbage is not paid for in this one.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            await Task.Delay(TimeSpan.FromSeconds(2));
            switch (phase)
            {
                case 'A':
                {
                    Console.WriteLine("A: good events alone");
                    var (result, usage) = await Measure(good.Run("A", o.Rate, o.Warmup, o.Duration), o.Warmup, meter);
                    rows.Add(new Row("A: baseline", result, "–", "–", usage));
                    break;
                }

                case 'B':
                {
                    Console.WriteLine($"B: good events + {o.Slow:N0} slow uploads");
                    var slow = new SlowUploads(http, ApiKeyAuthenticationHandler.HeaderName, keys["slow"], o.Slow, o.SlowRate, o.SlowBytes, o.SlowTick);
                    var connecting = System.Diagnostics.Stopwatch.StartNew();
                    await slow.Start();
                    Console.WriteLine($"  {slow.Open:N0} of {o.Slow:N0} uploads open after {connecting.Elapsed.TotalSeconds:N1} s");
                    var (result, usage) = await Measure(good.Run("B", o.Rate, o.Warmup, o.Duration), o.Warmup, meter);
                    var open = slow.Open;
                    // Stopped before its figures are read: the histograms may not be read while they are written.
                    await slow.DisposeAsync();
                    Console.WriteLine($"  slow uploads: {slow.RequestsStarted:N0} requests started, {slow.BytesSent / 1048576.0:N1} MiB of body sent, {open:N0} open at the end; " +
                        $"held ms p50 {slow.HeldFor.PercentileMs(50):N0} p99 {slow.HeldFor.PercentileMs(99):N0} max {slow.HeldFor.MaxMs:N0}");
                    Console.WriteLine($"  their answers: {slow.Answers.Describe()}");
                    rows.Add(new Row($"B: {o.Slow:N0} slow uploads", result, $"{slow.RequestsStarted:N0} uploads ({open:N0} open at the end)", slow.Answers.Describe(), usage));
                    break;
                }

                case 'C':
                {
                    Console.WriteLine($"C: good events + {o.Hostile:N0} hostile requests/s");
                    var hostile = new HostileRequests(hostileHttp);
                    var hostileRun = hostile.Run(o.Hostile, o.Warmup + o.Duration);
                    var (result, usage) = await Measure(good.Run("C", o.Rate, o.Warmup, o.Duration), o.Warmup, meter);
                    await hostileRun;
                    foreach (var (kind, answers) in hostile.ByKind.OrderBy(k => k.Key, StringComparer.Ordinal))
                    {
                        Console.WriteLine($"  {kind,-34} {answers.Describe()}");
                    }

                    if (hostile.Answers.NotClientErrors > 0)
                    {
                        failed = true;
                        Console.WriteLine($"  DEFECT: {hostile.Answers.NotClientErrors:N0} hostile requests were not answered with a 4xx ({hostile.Answers.ServerErrors:N0} with a 5xx)");
                    }

                    rows.Add(new Row($"C: {o.Hostile:N0} hostile/s", result, $"{hostile.Sent:N0} requests", hostile.Answers.Describe(), usage));
                    break;
                }
            }

            var last = rows[^1];
            Console.WriteLine($"  good events: {last.Good.Sent:N0} sent, {last.Good.Ok.Count:N0} 200; latency from intended start ms p50 {last.Good.Ok.PercentileMs(50):N1} " +
                $"p99 {last.Good.Ok.PercentileMs(99):N1} max {last.Good.Ok.MaxMs:N1}; not 200: {last.Good.Refused.Describe()}");
            Console.WriteLine($"  {last.Usage.Describe("benchmark process")}");
            failed |= last.Good.NotOk > 0;
        }

        // Printed before the host stops: its shutdown logs warnings of its own.
        PrintTable(rows);
        await app.StopAsync();
        return failed ? 1 : 0;
    }

    /// <summary>Runs a phase's good load, taking the resource figures over its measured part only (after the warm-up).</summary>
    private static async Task<(GoodEvents.Result, ResourceUse)> Measure(Task<GoodEvents.Result> load, TimeSpan warmup, ResourceMeter meter)
    {
        await Task.Delay(warmup);
        var sample = await meter.Snapshot(CancellationToken.None);
        var result = await load;
        return (result, await meter.Since(sample, result.Sent, CancellationToken.None));
    }

    private static void PrintTable(List<Row> rows)
    {
        var baseline = rows.FirstOrDefault(r => r.Phase.StartsWith('A'))?.Good.Ok.PercentileMs(99);
        Console.WriteLine();
        Console.WriteLine("| phase | good sent | good p50 ms | good p99 ms | good max ms | good not 200 | p99 / baseline | abusive sent | their answers | CPU (of 2 cores) | others' CPU | GC paused |");
        Console.WriteLine("|---|--:|--:|--:|--:|--:|--:|---|---|--:|--:|--:|");
        foreach (var r in rows)
        {
            var p99 = r.Good.Ok.PercentileMs(99);
            var ratio = baseline is > 0 && !r.Phase.StartsWith('A') ? $"{p99 / baseline.Value:N2}x" : "–";
            Console.WriteLine($"| {r.Phase} | {r.Good.Sent:N0} | {r.Good.Ok.PercentileMs(50):N1} | {p99:N1} | {r.Good.Ok.MaxMs:N1} | {r.Good.NotOk:N0} | {ratio} | {r.Abuse} | {r.Answers} | " +
                $"{r.Usage.SiloCores / Environment.ProcessorCount:P0} | {Others(r.Usage)} | {r.Usage.Runtime!.GcPause.TotalMilliseconds:N0} ms |");
        }

        if (baseline is > 0)
        {
            foreach (var r in rows.Where(r => !r.Phase.StartsWith('A')))
            {
                var ratio = r.Good.Ok.PercentileMs(99) / baseline.Value;
                Console.WriteLine($"target good p99 <= 2x the baseline's with {r.Phase[3..]}: {(ratio <= 2 ? "met" : "MISSED")} ({ratio:N2}x)");
            }
        }
    }

    /// <summary>The rest of the machine's CPU (other processes share these cores), or n/a when /proc/stat under-reads.</summary>
    private static string Others(ResourceUse usage) =>
        usage.MachineCores + (0.05 * Environment.ProcessorCount) >= usage.SiloCores ? $"{Math.Max(0, usage.MachineCores - usage.SiloCores) / Environment.ProcessorCount:P0}" : "n/a";

    private static HttpClient Client(int port, string key)
    {
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return client;
    }

    /// <summary>This process's soft limit on open files (each slow upload holds two: its socket and the server's).</summary>
    private static string OpenFilesLimit()
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            return line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3] ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
