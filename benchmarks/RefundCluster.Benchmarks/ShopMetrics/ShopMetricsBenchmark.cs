using System.CommandLine;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RefundCluster.Grains.Metrics;
using RefundCluster.Benchmarks.Hosting;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Grains;
using RefundCluster.Domain.Metrics;
using RefundCluster.Domain.Refunds;
using RefundCluster.Grains.Telemetry;
using RefundCluster.Performance.Measuring;
using RefundCluster.Silo.Hosting;
using static RefundCluster.Silo.Hosting.ToolCommandLine;

namespace RefundCluster.Benchmarks.ShopMetrics;

/// <summary>
/// Shop metrics on one silo wired as the production host (memory mode): (1) fill one shop with N refunds, then read
/// its metrics at a fixed arrival rate (open model, latency from each read's intended start) while refunds keep
/// arriving, so most reads recompute a window instead of hitting the cache; (2) sustained ingestion over many shops
/// with probes that time each accepted refund until its shop's aggregator counts it (accepted → visible).
/// </summary>
public static class ShopMetricsBenchmark
{
    /// <summary>The <c>shop-metrics</c> command: its options, their help, and the run.</summary>
    public static Command CreateCommand()
    {
        var refunds = Integer("--refunds", "N", "refunds the read benchmark's shop is filled with", 100_000);
        var readRate = Integer("--read-rate", "N", "metric reads a second (open model)", 2_500);
        var backgroundRate = Integer("--background-rate", "N", "refunds a second arriving in the read benchmark's shop while it is read", 200);
        var ingestRate = Integer("--ingest-rate", "N", "refunds a second over all shops in the lag benchmark", 2_000);
        var shops = Integer("--shops", "N", "shops in the lag benchmark", 100);
        var seconds = Integer("--seconds", "S", "seconds each benchmark is measured for", 20);
        var command = new Command("shop-metrics",
            "shop metrics in memory mode: one shop's metrics read at a fixed rate while refunds arrive, then sustained ingestion over many shops " +
            "with the time from each accepted refund until its shop's aggregator counts it")
        {
            refunds, readRate, backgroundRate, ingestRate, shops, seconds,
        };
        command.SetAction(result => Run(new Options(result.GetValue(refunds), result.GetValue(readRate), result.GetValue(backgroundRate),
            result.GetValue(ingestRate), result.GetValue(shops), result.GetValue(seconds))));
        return command;
    }

    private static async Task<int> Run(Options options)
    {
        using var app = await ProductionSilo.Start(new()
        {
            ["RefundCluster:SiloPort"] = "11194", ["RefundCluster:GatewayPort"] = "30094",
        });
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var failures = 0;

        Console.WriteLine($"# shop metrics: memory mode, one silo, {Environment.ProcessorCount} cores");
        failures += await ReadBenchmark(grains, options);
        failures += await LagBenchmark(grains, options);
        await app.StopAsync();
        return failures == 0 ? 0 : 1;
    }

    private static async Task<int> ReadBenchmark(IGrainFactory grains, Options options)
    {
        const string shop = "bench-shop-big";
        var fill = Stopwatch.StartNew();
        var sent = 0L;
        await Parallel.ForAsync(0, options.Refunds, new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (i, _) =>
        {
            await OneRefund(grains, shop, $"big-{i}", i);
            Interlocked.Increment(ref sent);
        });
        var aggregator = grains.GetGrain<IShopMetricsGrain>(shop);
        var inspection = grains.GetGrain<IShopMetricsInspection>(shop);
        while ((await inspection.GetStatus()).Refunds < options.Refunds)
        {
            await Task.Delay(50);
        }

        Console.WriteLine($"  filled shop with {options.Refunds:N0} refunds ({2 * options.Refunds:N0} events) in {fill.Elapsed.TotalSeconds:N1} s");
        // The fill left a heap of garbage: collect it now rather than in the middle of the measured reads.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        await Task.Delay(TimeSpan.FromSeconds(2));

        // Background ingestion into the same shop invalidates the aggregator's cache between most reads.
        using var stopIngest = new CancellationTokenSource();
        var ingested = 0L;
        var ingest = Task.Run(async () =>
        {
            var n = 0;
            while (!stopIngest.IsCancellationRequested)
            {
                await OneRefund(grains, shop, $"live-{n}", n++);
                Interlocked.Increment(ref ingested);
                await Task.Delay(TimeSpan.FromSeconds(1.0 / options.BackgroundRate));
            }
        });

        var windows = MetricWindows.All;
        var pausedBefore = GC.GetTotalPauseDuration();
        var gen2Before = GC.CollectionCount(2);
        var gen1Before = GC.CollectionCount(1);
        var stats = await OpenModel.Run(options.ReadRate, options.Seconds, async i =>
        {
            var view = await aggregator.GetMetrics(windows[(int)(i % windows.Count)]);
            return view.Metrics.Refunds >= 0;
        });
        stopIngest.Cancel();
        await ingest;
        Console.WriteLine($"  reads at {options.ReadRate:N0}/s for {options.Seconds} s while {ingested:N0} refunds arrived: {stats.Describe()}");
        Console.WriteLine($"  garbage collection meanwhile (silo and driver share the process): paused {(GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds:N0} ms in total; gen1 {GC.CollectionCount(1) - gen1Before}, gen2 {GC.CollectionCount(2) - gen2Before} collections");
        Console.WriteLine($"| {options.Refunds:N0} | {options.ReadRate:N0} | {stats.Achieved:N0} | {stats.Latency.PercentileMs(50):N2} | {stats.Latency.PercentileMs(99):N2} | {stats.Service.PercentileMs(50):N2} | {stats.Service.PercentileMs(99):N2} | {stats.Errors} |");

        var ceiling = await ClosedModel(options.Seconds, 64, async () => await aggregator.GetMetrics(MetricWindow.ThirtyDays));
        Console.WriteLine($"  closed-loop ceiling (64 callers, 30d window): {ceiling.Rate:N0} reads/s, p99 {ceiling.Stats.PercentileMs(99):N2} ms");
        return stats.Errors == 0 ? 0 : 1;
    }

    private static async Task<int> LagBenchmark(IGrainFactory grains, Options options)
    {
        var inGrainLag = new LatencyHistogram();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RefundClusterMeter.Name && instrument.Name == "refundcluster.stream.lag")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, ms, _, _) => inGrainLag.RecordMs(ms));
        listener.Start();

        var probes = new LatencyHistogram();
        var shops = options.Shops;
        var probeEvery = Math.Max(1, options.IngestRate / 50); // about 50 probes a second
        var unseen = 0;
        var probeTasks = new System.Collections.Concurrent.ConcurrentBag<Task>();
        var stats = await OpenModel.Run(options.IngestRate, options.Seconds, async i =>
        {
            var shopId = $"lag-shop-{i % shops}";
            var refundId = $"r-lag-{i}";
            await OneRefund(grains, shopId, $"lag-{i}", i);
            if (i % probeEvery == 0)
            {
                // Timed apart from the ingestion call, so that probing does not count in its latency.
                probeTasks.Add(Probe(grains.GetGrain<IShopMetricsInspection>(shopId), refundId, Stopwatch.GetTimestamp()));
            }

            return true;
        });
        await Task.WhenAll(probeTasks);

        async Task Probe(IShopMetricsInspection aggregator, string refundId, long accepted)
        {
            var giveUp = accepted + (Stopwatch.Frequency * 10);
            while (await aggregator.GetRefundVersion(refundId) is null)
            {
                if (Stopwatch.GetTimestamp() > giveUp)
                {
                    Interlocked.Increment(ref unseen);
                    return;
                }

                await Task.Delay(1);
            }

            probes.RecordSince(accepted);
        }

        listener.Dispose();
        Console.WriteLine($"  sustained ingestion: {options.IngestRate:N0} refunds/s ({2 * options.IngestRate:N0} events/s) over {shops} shops for {options.Seconds} s: {stats.Describe()}");
        Console.WriteLine($"  accepted → visible (probe reads, {probes.Count:N0} probes): p50 {probes.PercentileMs(50):N1} ms, p99 {probes.PercentileMs(99):N1} ms, max {probes.MaxMs:N1} ms; never visible within 10 s: {unseen}");
        Console.WriteLine($"  published → applied in the aggregator ({inGrainLag.Count:N0} messages): p50 {inGrainLag.PercentileMs(50):N1} ms, p99 {inGrainLag.PercentileMs(99):N1} ms, max {inGrainLag.MaxMs:N1} ms");
        Console.WriteLine($"| {options.IngestRate:N0} | {2 * stats.Achieved:N0} | {probes.PercentileMs(50):N1} | {probes.PercentileMs(99):N1} | {inGrainLag.PercentileMs(50):N1} | {inGrainLag.PercentileMs(99):N1} | {stats.Errors + unseen} |");
        return stats.Errors == 0 && unseen == 0 ? 0 : 1;
    }

    /// <summary>An order paid and a 0秒退 refund of it: two events, the refund ending at once.</summary>
    private static async Task OneRefund(IGrainFactory grains, string shopId, string id, long n)
    {
        var orderId = $"o-{id}";
        await grains.Send(new OrderPaidEvent
        {
            EventId = $"pay-{id}", OrderId = orderId, ShopId = shopId, BuyerId = $"b-{n}",
            Lines = [new OrderLineDto("sku", 1, 30m)], PaidAmount = 30m,
        });
        await grains.Send(new RefundRequestedEvent
        {
            EventId = $"req-{id}", OrderId = orderId, RefundId = $"r-{id}", RefundKind = RefundKind.RefundOnly,
            Reason = n % 3 == 0 ? RefundReason.OutOfStock : RefundReason.ChangedMind, Amount = 30m,
        });
    }

    private static async Task<(double Rate, LatencyHistogram Stats)> ClosedModel(int seconds, int callers, Func<Task> call)
    {
        var stats = new LatencyHistogram();
        var stopAt = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var start = Stopwatch.GetTimestamp();
                await call();
                stats.RecordSince(start);
            }
        })));
        return (stats.Count / clock.Elapsed.TotalSeconds, stats);
    }

    private sealed record Options(int Refunds, int ReadRate, int BackgroundRate, int IngestRate, int Shops, int Seconds);
}
