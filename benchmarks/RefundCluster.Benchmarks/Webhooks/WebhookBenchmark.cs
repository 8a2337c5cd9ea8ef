using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using RefundCluster.Benchmarks.Hosting;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Events;
using RefundCluster.Performance.Measuring;
using RefundCluster.Performance.Setup;
using RefundCluster.Silo.Security;
using static RefundCluster.Silo.Hosting.ToolCommandLine;

namespace RefundCluster.Benchmarks.Webhooks;

/// <summary>
/// Webhook delivery latency: one silo wired as the production host (PostgreSQL by default) with one subscription to
/// every shop, <c>rate</c> new orders a second (each one change) sent through the grains, and a receiver in this process
/// on loopback. Prints, per change, the time from the change (its time in the log, taken as it is written) to its
/// first delivery attempt and to its first 2xx, and whether every change arrived. With <c>--outage S</c> the receiver
/// answers 503 for S seconds in the middle of the run, and the time from its return until every change made so far has
/// arrived is printed against the 2-minute target.
/// </summary>
public static class WebhookBenchmark
{
    /// <summary>The <c>webhooks</c> command: its options, their help, and the run.</summary>
    public static Command CreateCommand()
    {
        var storage = Value("--storage", "memory|postgres", "where the silo keeps its state (postgres: the database is made if missing; its tables are emptied)",
            (string token, out string value) => (value = token.ToLowerInvariant() switch
            {
                "memory" => "Memory",
                "postgres" or "postgresql" => "PostgreSql",
                _ => "",
            }).Length > 0, "memory or postgres", () => "PostgreSql");
        var connection = Text("--connection", "CS", "PostgreSQL connection string (postgres)",
            "Host=127.0.0.1;Username=postgres;Database=refundcluster_webhooks;Maximum Pool Size=64");
        var rate = Integer("--rate", "N", "new orders a second (each one change), sent through the grains", 2000);
        var warmup = Number("--warmup", "S", "seconds of warm-up, not measured", 10);
        var seconds = Number("--seconds", "S", "seconds measured", 30);
        var outage = Number("--outage", "S", "the receiver answers 503 for S seconds in the middle of the run; 0: no outage", 0);
        var command = new Command("webhooks",
            "webhook delivery latency: one subscription to every shop, a receiver on loopback; per change the time to its first attempt and its first 2xx, " +
            "whether every change arrived, and with --outage the time to catch up against the 2-minute target")
        {
            storage, connection, rate, warmup, seconds, outage,
        };
        command.SetAction(result => Run(new Options(result.GetValue(storage)!, result.GetValue(connection)!, result.GetValue(rate),
            TimeSpan.FromSeconds(result.GetValue(warmup)), TimeSpan.FromSeconds(result.GetValue(seconds)), TimeSpan.FromSeconds(result.GetValue(outage)))));
        return command;
    }

    private static async Task<int> Run(Options o)
    {
        Console.WriteLine($"# webhooks: {o.Storage}, {o.Rate:N0} changes/s, warm-up {o.Warmup.TotalSeconds:N0} s, measured {o.Duration.TotalSeconds:N0} s" +
            (o.Outage > TimeSpan.Zero ? $", receiver down {o.Outage.TotalSeconds:N0} s mid-run" : ""));
        var settings = new Dictionary<string, string?>
        {
            ["RefundCluster:Storage"] = o.Storage,
            ["RefundCluster:SiloPort"] = "11195",
            ["RefundCluster:GatewayPort"] = "30095",
            ["RefundCluster:HttpPort"] = "5095",
            ["RefundCluster:ClusterId"] = "webhook-bench",
            ["Webhooks:AllowPrivateTargets"] = "true",
            ["Security:GenerateDevelopmentKey"] = "false",
        };
        var (key, hash) = ApiKey.Generate("webhook-bench");
        settings["Security:ApiKeys:0:Id"] = "webhook-bench";
        settings["Security:ApiKeys:0:Hash"] = hash;
        settings["Security:ApiKeys:0:Roles:0"] = nameof(Role.Integrator);
        settings["Security:ApiKeys:0:Roles:1"] = nameof(Role.Operator);
        if (o.Storage == "PostgreSql")
        {
            settings["ConnectionStrings:RefundCluster"] = o.ConnectionString;
            await PostgresSchema.Apply(o.ConnectionString, CancellationToken.None);
            await using var db = NpgsqlDataSource.Create(o.ConnectionString);
            await using var truncate = db.CreateCommand(
                "TRUNCATE refundcluster_changes, refundcluster_grain_state, refundcluster_deadlines, orleansreminderstable, orleansmembershiptable, orleansmembershipversiontable");
            await truncate.ExecuteNonQueryAsync();
        }

        await using var receiver = await Receiver.Start();
        await using var app = await ProductionSilo.StartWithApi(settings);
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:5095/") };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        using (var created = await http.PostAsJsonAsync("v1/webhooks", new { url = receiver.Url }))
        {
            created.EnsureSuccessStatusCode();
        }

        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var run = Guid.NewGuid().ToString("N")[..6];
        var sent = new ConcurrentDictionary<string, bool>();
        var failedSends = 0L;
        var total = o.Warmup + o.Duration;
        var outageFrom = o.Warmup + ((o.Duration - o.Outage) / 2);
        var clock = Stopwatch.StartNew();
        var measureFrom = DateTimeOffset.UtcNow + o.Warmup;
        var inFlight = new List<Task>();
        TimeSpan? returnedAt = null;
        for (long n = 0; clock.Elapsed < total; )
        {
            var due = (long)(clock.Elapsed.TotalSeconds * o.Rate);
            for (; n < due; n++)
            {
                var orderId = $"wb-{run}-{n}";
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        await grains.Send(new OrderPaidEvent
                        {
                            EventId = orderId, OrderId = orderId, ShopId = $"shop-{orderId.GetHashCode() & 63}", BuyerId = "b",
                            Lines = [new OrderLineDto("sku", 1, 10m)], PaidAmount = 10m,
                        });
                        sent[orderId] = true;
                    }
                    catch (Exception)
                    {
                        Interlocked.Increment(ref failedSends);
                    }
                }));
            }

            if (o.Outage > TimeSpan.Zero)
            {
                var down = clock.Elapsed >= outageFrom && clock.Elapsed < outageFrom + o.Outage;
                if (down != receiver.Down)
                {
                    receiver.Down = down;
                    Console.WriteLine($"  {clock.Elapsed.TotalSeconds,6:N1} s: receiver {(down ? "down (503)" : "back")}");
                    if (!down)
                    {
                        returnedAt = clock.Elapsed;
                    }
                }
            }

            inFlight.RemoveAll(t => t.IsCompleted);
            await Task.Delay(5);
        }

        await Task.WhenAll(inFlight);
        var sentAtEnd = clock.Elapsed;
        Console.WriteLine($"  sent {sent.Count:N0} orders ({failedSends} failed sends); waiting for the last deliveries");

        // Every change acknowledged must arrive; waited for up to two minutes after the last one was sent.
        var everyOneAt = (TimeSpan?)null;
        while (clock.Elapsed - sentAtEnd < TimeSpan.FromMinutes(2))
        {
            if (sent.Keys.All(receiver.Taken.ContainsKey))
            {
                everyOneAt = clock.Elapsed;
                break;
            }

            await Task.Delay(100);
        }

        var lost = sent.Keys.Count(id => !receiver.Taken.ContainsKey(id));
        var first = new LatencyHistogram();
        var taken = new LatencyHistogram();
        foreach (var times in receiver.Taken.Values)
        {
            if (times.ChangedAt >= measureFrom)
            {
                first.RecordMs((times.FirstAttempt - times.ChangedAt).TotalMilliseconds);
                taken.RecordMs((times.TakenAt - times.ChangedAt).TotalMilliseconds);
            }
        }

        if (o.Outage == TimeSpan.Zero)
        {
            Console.WriteLine($"  change -> first attempt ms: p50 {first.PercentileMs(50):N0}  p99 {first.PercentileMs(99):N0}  max {first.MaxMs:N0} ({first.Count:N0} changes measured)");
            Console.WriteLine($"  change -> taken (2xx) ms:  p50 {taken.PercentileMs(50):N0}  p99 {taken.PercentileMs(99):N0}  max {taken.MaxMs:N0}");
            Console.WriteLine($"  target p99 <= 500 ms: {(first.PercentileMs(99) <= 500 ? "met" : "MISSED")}");
        }
        else if (returnedAt is { } back)
        {
            var caughtUp = receiver.CaughtUpAfter(back, clock, sent.Keys);
            Console.WriteLine($"  every change of the run (those made while it was down included) had arrived {caughtUp?.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture) ?? "never"} s after it came back; " +
                $"target <= 120 s: {(caughtUp is { } c && c <= TimeSpan.FromMinutes(2) ? "met" : "MISSED")}");
        }

        Console.WriteLine($"  changes: {sent.Count:N0} sent, {receiver.Taken.Count:N0} taken, {lost} lost; {receiver.Requests:N0} requests ({receiver.Repeats:N0} repeats of a taken message, all with its webhook-id)");
        await app.StopAsync();
        return lost == 0 && failedSends == 0 ? 0 : 1;
    }

    /// <summary>A webhook receiver on loopback that notes when each order's change was first tried and first taken.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly ConcurrentDictionary<string, TimeSpan> _takenOnClock = new();
        private long _requests;
        private long _repeats;

        private Receiver(WebApplication app) => _app = app;

        public sealed record Times(DateTimeOffset ChangedAt, DateTimeOffset FirstAttempt, DateTimeOffset TakenAt);

        public ConcurrentDictionary<string, DateTimeOffset> FirstAttempts { get; } = new();

        public ConcurrentDictionary<string, Times> Taken { get; } = new();

        public volatile bool Down;

        public long Requests => Interlocked.Read(ref _requests);

        public long Repeats => Interlocked.Read(ref _repeats);

        public string Url => _app.Urls.First() + "/hook";

        public static async Task<Receiver> Start()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.MapPost("/hook", async (HttpContext context) =>
            {
                var now = DateTimeOffset.UtcNow;
                Interlocked.Increment(ref receiver._requests);
                using var body = await JsonDocument.ParseAsync(context.Request.Body);
                var data = body.RootElement.GetProperty("data");
                var orderId = data.GetProperty("orderId").GetString()!;
                var changedAt = data.GetProperty("at").GetDateTimeOffset();
                var firstAttempt = receiver.FirstAttempts.GetOrAdd(orderId, now);
                if (receiver.Down)
                {
                    return Results.StatusCode(503);
                }

                if (!receiver.Taken.TryAdd(orderId, new Times(changedAt, firstAttempt, now)))
                {
                    Interlocked.Increment(ref receiver._repeats);
                }
                else
                {
                    receiver._takenOnClock[orderId] = receiver._clock.Elapsed;
                }

                return Results.Ok();
            });
            await app.StartAsync();
            return receiver;
        }

        /// <summary>How long after <paramref name="back"/> (on the run's clock) the last of the given orders' changes was taken.</summary>
        public TimeSpan? CaughtUpAfter(TimeSpan back, Stopwatch runClock, IEnumerable<string> orders)
        {
            var offset = runClock.Elapsed - _clock.Elapsed; // the two clocks started a moment apart
            TimeSpan last = TimeSpan.Zero;
            foreach (var order in orders)
            {
                if (!_takenOnClock.TryGetValue(order, out var at))
                {
                    return null;
                }

                last = at + offset > last ? at + offset : last;
            }

            return last - back;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    private sealed record Options(string Storage, string ConnectionString, int Rate, TimeSpan Warmup, TimeSpan Duration, TimeSpan Outage);
}
