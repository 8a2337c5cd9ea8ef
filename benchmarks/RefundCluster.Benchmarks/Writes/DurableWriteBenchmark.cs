using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RefundCluster.Benchmarks.Hosting;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Events;
using RefundCluster.Performance.Measuring;
using RefundCluster.Performance.Setup;
using RefundCluster.Silo.Hosting;
using static RefundCluster.Silo.Hosting.ToolCommandLine;

namespace RefundCluster.Benchmarks.Writes;

/// <summary>
/// Durable event throughput: one silo wired exactly as the production host (SiloHostingExtensions.AddRefundClusterSilo)
/// in PostgreSQL mode, a closed model of <c>callers</c> concurrent integrators each sending order.paid events for new
/// orders through the grain path (each one a grain-state write plus its ship-promise deadline in the index), for a
/// fixed time after a warm-up. Prints events/s and latency percentiles.
/// </summary>
public static class DurableWriteBenchmark
{
    /// <summary>The <c>writes</c> command: its options, their help, and the run.</summary>
    public static Command CreateCommand()
    {
        var connection = Text("--connection", "CS", "PostgreSQL connection string (the database is made if missing; its tables are emptied)",
            "Host=127.0.0.1;Username=postgres;Database=refundcluster_writes;Maximum Pool Size=64");
        var callers = Integer("--callers", "N", "concurrent integrators, each sending its next event when the last is answered", 256);
        var warmup = Number("--warmup", "S", "seconds of warm-up, not measured", 5);
        var seconds = Number("--seconds", "S", "seconds measured", 30);
        var command = new Command("writes",
            "durable event throughput: the production host on PostgreSQL, a closed model of integrators sending order.paid for new orders; events/s and latency percentiles")
        {
            connection, callers, warmup, seconds,
        };
        command.SetAction(result => Run(new Options(
            result.GetValue(connection)!, result.GetValue(callers), TimeSpan.FromSeconds(result.GetValue(warmup)), TimeSpan.FromSeconds(result.GetValue(seconds)))));
        return command;
    }

    private static async Task<int> Run(Options options)
    {
        await PrepareDatabase(options.ConnectionString);

        using var app = await ProductionSilo.Start(new()
        {
            ["RefundCluster:Storage"] = "PostgreSql",
            ["RefundCluster:SiloPort"] = "11193",
            ["RefundCluster:GatewayPort"] = "30093",
            ["RefundCluster:ClusterId"] = "write-bench",
            ["ConnectionStrings:RefundCluster"] = options.ConnectionString,
        });
        var grains = app.Services.GetRequiredService<IGrainFactory>();

        Console.WriteLine($"# durable writes: PostgreSQL, {options.Callers} callers, warm-up {options.Warmup.TotalSeconds:N0} s, measured {options.Duration.TotalSeconds:N0} s");
        var stats = new LatencyHistogram();
        var errors = 0L;
        var sequence = 0L;
        var measuring = false;
        var stopAt = DateTime.UtcNow + options.Warmup + options.Duration;
        var measureFrom = DateTime.UtcNow + options.Warmup;
        var run = Guid.NewGuid().ToString("N")[..6];
        var callers = Enumerable.Range(0, options.Callers).Select(_ => Task.Run(async () =>
        {
            while (DateTime.UtcNow < stopAt)
            {
                var n = Interlocked.Increment(ref sequence);
                var e = new OrderPaidEvent
                {
                    EventId = $"pay-{run}-{n}", OrderId = $"o-{run}-{n}", ShopId = $"shop-{n % 100}", BuyerId = $"b-{n}",
                    Lines = [new OrderLineDto("sku", 1, 10m)], PaidAmount = 10m,
                };
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await grains.Send(e);
                    if (Volatile.Read(ref measuring))
                    {
                        stats.RecordSince(start);
                    }
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToList();

        await Task.Delay(options.Warmup);
        Volatile.Write(ref measuring, true);
        var measured = Stopwatch.StartNew();
        await Task.WhenAll(callers);
        measured.Stop();

        var rate = stats.Count / measured.Elapsed.TotalSeconds;
        Console.WriteLine($"  events acknowledged (persisted): {stats.Count:N0} in {measured.Elapsed.TotalSeconds:N1} s = {rate:N0} events/s");
        Console.WriteLine($"  latency ms: p50 {stats.PercentileMs(50):N1}  p90 {stats.PercentileMs(90):N1}  p99 {stats.PercentileMs(99):N1}  max {stats.MaxMs:N1}; errors {errors}");
        Console.WriteLine($"| {options.Callers} | {rate:N0} | {stats.PercentileMs(50):N1} | {stats.PercentileMs(99):N1} | {stats.MaxMs:N1} | {errors} |");
        await app.StopAsync();
        return errors == 0 ? 0 : 1;
    }

    private static async Task PrepareDatabase(string connectionString)
    {
        await PostgresSchema.Apply(connectionString, CancellationToken.None);
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var truncate = db.CreateCommand(
            "TRUNCATE refundcluster_grain_state, orleansstorage, refundcluster_deadlines, orleansreminderstable, orleansmembershiptable, orleansmembershipversiontable");
        await truncate.ExecuteNonQueryAsync();
    }

    private sealed record Options(string ConnectionString, int Callers, TimeSpan Warmup, TimeSpan Duration);
}
