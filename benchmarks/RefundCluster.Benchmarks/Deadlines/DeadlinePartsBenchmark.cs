using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RefundCluster.Benchmarks.Hosting;
using RefundCluster.Grains.Deadlines;
using RefundCluster.Grains.Storage;

namespace RefundCluster.Benchmarks.Deadlines;

/// <summary>
/// Times, one thread at a time, the steps the deadline index performs per deadline (shard key, entry, sorted set,
/// memory store, group-commit writer, grain id parsing) and the in-silo grain call a wake-up costs, so that the
/// end-to-end figures of <see cref="DeadlineBenchmark"/> can be attributed without a profiler.
/// </summary>
public sealed class DeadlinePartsBenchmark(DeadlineBenchmarkOptions options)
{
    private readonly TextWriter _out = Console.Out;

    public async Task<int> Run()
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var o = options with { Storage = BenchmarkStorage.Memory };
        var n = o.Pending;
        var deadlineOptions = new DeadlineOptions();

        using var host = DeadlineSilo.Build(o);
        await host.StartAsync();
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var probes = Enumerable.Range(0, o.Targets).Select(t => grains.GetGrain<IProbeGrain>(t.ToString(CultureInfo.InvariantCulture))).ToArray();
            var targetIds = probes.Select(p => p.GetGrainId()).ToArray();
            var t0 = DateTimeOffset.UtcNow.AddHours(1);
            var due = Enumerable.Range(0, n).Select(i => t0 + TimeSpan.FromTicks((long)(i * 2_654_435_761L % n) * 10)).ToArray();
            var perShard = n / (2 * deadlineOptions.ShardsPerBucket);

            _out.WriteLine($"# deadline parts: single-threaded cost per operation, {n:N0} deadlines, {o.Targets:N0} targets, shard size {perShard:N0}");
            _out.WriteLine($"  example target string: \"{targetIds[0]}\" ({targetIds[0].ToString().Length} chars)");

            Time("DeadlineShardKey.For (ScheduleMany's GroupBy key)", n, i => DeadlineShardKey.For(targetIds[i % targetIds.Length], due[i], deadlineOptions));
            var entries = new DeadlineEntry[n];
            Time("DeadlineEntry.For (GrainId.ToString)", n, i => entries[i] = DeadlineEntry.For(targetIds[i % targetIds.Length], due[i]));
            Time("GrainId.Parse (each wake-up)", n, i => GrainId.Parse(entries[i].Target));

            var set = new SortedSet<DeadlineEntry>(DeadlineEntry.ByDue);
            Time($"SortedSet.Add, scrambled, up to {perShard:N0}", perShard, i => set.Add(entries[i]));
            Time("SortedSet.Min (each entry the shard takes)", 200_000, _ => set.Min);
            var inFlight = new HashSet<DeadlineEntry>();
            Time("HashSet add + remove (the shard's in-flight set, each wake-up)", n, i => inFlight.Add(entries[i]) && inFlight.Remove(entries[i]));
            Time($"SortedSet.Remove of the earliest, from {perShard:N0}", perShard, _ => set.Remove(set.Min!));

            var store = new MemoryDeadlineStore();
            const int batch = 160; // ≈ deadlines per shard call in a 5,000-deadline ScheduleMany over 32 shards
            Time($"MemoryDeadlineStore.Apply add, batches of {batch} (per row)", n / batch, b =>
                store.Apply("s", [.. entries.AsSpan(b * batch, batch).ToArray().Select(e => new DeadlineChange(e, true))]), perItem: batch);
            Time("MemoryDeadlineStore.Apply remove, one row per call", n / batch * batch, i => store.Apply("s", [new DeadlineChange(entries[i], false)]));

            var writer = new GroupCommitWriter<DeadlineChange>(changes => store.Apply("w", changes), new() { MaxBatch = 1000 });
            await TimeAsync("GroupCommitWriter.Write + await, one at a time (a wake-up's removal)", 200_000, i => writer.Write(new DeadlineChange(entries[i], false)));

            // Wake-up round trip inside the silo, as a shard grain makes it (here from outside any grain).
            await Task.WhenAll(probes.Select(p => p.Warm()));
            foreach (var concurrency in new[] { 1, 16, 256, 4096 })
            {
                var calls = Math.Min(200_000, concurrency * 2_000);
                var watch = Stopwatch.StartNew();
                await Parallel.ForEachAsync(Enumerable.Range(0, calls), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
                    async (i, _) => await probes[i % probes.Length].WakeUp(t0));
                _out.WriteLine($"  {"IDeadlineTarget.WakeUp grain call, " + concurrency + " in flight",-66} {calls / watch.Elapsed.TotalSeconds,12:N0} calls/s  {watch.Elapsed.TotalMilliseconds * 1000 / calls * concurrency,10:N1} µs round trip");
            }
        }
        finally
        {
            await host.StopAsync();
        }

        return 0;
    }

    private void Time<T>(string what, int count, Func<int, T> op, int perItem = 1)
    {
        for (var i = 0; i < Math.Min(count, 100); i++)
        {
            op(i); // warm up (and JIT)
        }

        GC.Collect();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            op(i);
        }

        var elapsed = watch.Elapsed;
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var items = (double)count * perItem;
        _out.WriteLine($"  {what,-66} {elapsed.TotalMilliseconds * 1e6 / items,10:N0} ns/op {bytes / items,8:N0} B/op");
    }

    private async Task TimeAsync(string what, int count, Func<int, Task> op)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await op(i);
        }

        _out.WriteLine($"  {what,-66} {watch.Elapsed.TotalMilliseconds * 1e6 / count,10:N0} ns/op");
    }
}
