using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RefundCluster.Benchmarks.Hosting;
using RefundCluster.Benchmarks.Measurement;
using RefundCluster.Grains.Deadlines;
using RefundCluster.Performance.Measuring;

namespace RefundCluster.Benchmarks.Deadlines;

/// <summary>
/// Registers <c>pending</c> deadlines through <see cref="DeadlineIndex.ScheduleMany"/> with due times spread uniformly
/// over <c>[t0, t0 + window]</c>, then waits for the shard grains to fire them at probe grains and reports the
/// registration rate, the memory held, the firing rate, the lateness distribution and every deadline that fired twice
/// or never.
/// </summary>
public sealed class DeadlineBenchmark(DeadlineBenchmarkOptions options)
{
    /// <summary>The figure to beat, from a conventional design: a SQL table polled every 100 ms.</summary>
    private const string PeerFigure = "conventional 100 ms SQL poller: 3.3 K/s, p99 lateness 110–210 ms";

    private const double PeerRatePerSecond = 3_300;
    private const double PeerP99LowMs = 110;
    private const double PeerP99HighMs = 210;

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);

    private readonly TextWriter _out = Console.Out;

    public async Task<int> Run()
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var o = options;
        var postgres = o.Storage == BenchmarkStorage.Postgres;

        _out.WriteLine($"# deadlines benchmark: {o.Storage.ToString().ToLowerInvariant()} storage, {o.Pending:N0} pending over {o.Window.TotalSeconds:0.###} s, {o.Targets:N0} targets");
        _out.WriteLine($"  machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
        _out.WriteLine($"  registration: chunks of {o.Chunk:N0} per ScheduleMany, {o.Parallel} in flight; lead {o.EffectiveLead.TotalSeconds:0.#} s; grace {o.Grace.TotalSeconds:0} s");

        if (postgres)
        {
            _out.WriteLine($"  postgres: {Redact(o.ConnectionString)}");
            try
            {
                await BenchDatabase.Prepare(o.ConnectionString, o.Reset, _out);
                await BenchDatabase.WaitForFreeConnections(o.ConnectionString, 60, TimeSpan.FromMinutes(3), _out);
            }
            catch (Exception e) when (e is InvalidOperationException or Npgsql.NpgsqlException or System.ComponentModel.Win32Exception)
            {
                Console.Error.WriteLine($"error: preparing the database failed: {e.Message}");
                return 2;
            }
        }

        using var host = DeadlineSilo.Build(o);
        try
        {
            var startWatch = Stopwatch.StartNew();
            await host.StartAsync();
            _out.WriteLine($"  silo started in {startWatch.Elapsed.TotalSeconds:N1} s (silo port {o.SiloPort}, gateway {o.GatewayPort})");
            return await Measure(host);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"error: the benchmark failed: {e}");
            return 2;
        }
        finally
        {
            FireRecorder.Current = null;
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await host.StopAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("warning: the silo did not stop within 30 s");
            }
        }
    }

    private async Task<int> Measure(IHost host)
    {
        var o = options;
        var postgres = o.Storage == BenchmarkStorage.Postgres;
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var index = host.Services.GetRequiredService<DeadlineIndex>();
        var store = host.Services.GetRequiredService<TimedDeadlineStore>();
        var deadlineOptions = host.Services.GetRequiredService<IOptions<DeadlineOptions>>().Value;
        await using var meter = new ResourceMeter(postgres ? o.ConnectionString : null, () => [Environment.ProcessId], null, hostedHere: true);
        using var allocations = o.AllocationProfile ? new AllocationSampler() : null;
        _out.WriteLine($"  DeadlineOptions: BucketWidth {deadlineOptions.BucketWidth}, ShardsPerBucket {deadlineOptions.ShardsPerBucket}, FireConcurrency {deadlineOptions.FireConcurrency}, RemovalLinger {deadlineOptions.RemovalLinger.TotalMilliseconds:0.###} ms{(o.RemovalLinger is null ? " (default)" : " (--removal-linger)")}, ReminderLead {deadlineOptions.ReminderLead}, ReminderPeriod {deadlineOptions.ReminderPeriod}");

        var targets = Enumerable.Range(0, o.Targets)
            .Select(t => grains.GetGrain<IProbeGrain>(t.ToString(CultureInfo.InvariantCulture)))
            .ToArray();
        var targetIds = targets.Select(t => t.GetGrainId()).ToArray();
        if (o.Warm)
        {
            var warm = Stopwatch.StartNew();
            await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (t, _) => await t.Warm());
            _out.WriteLine($"  warmed {o.Targets:N0} probe targets in {warm.Elapsed.TotalSeconds:N1} s");
        }

        var baseline = MemorySnapshot.Take();
        _out.WriteLine($"  baseline memory: {baseline}");

        // ---------------------------------------------------------------- phase 1: register
        _out.WriteLine();
        _out.WriteLine("## Phase 1: register");
        var registrationStart = DateTimeOffset.UtcNow;
        var t0 = TruncateToMicrosecond(registrationStart + o.EffectiveLead);
        var stepTicks = o.Window.Ticks / o.Pending / TimeSpan.TicksPerMicrosecond * TimeSpan.TicksPerMicrosecond;
        var lastDue = t0 + TimeSpan.FromTicks((o.Pending - 1) * stepTicks);
        var deadlineEnd = lastDue + o.Grace;
        var recorder = new FireRecorder(o.Pending, o.Targets, t0, stepTicks, lastDue - t0 + o.Grace + TimeSpan.FromSeconds(5));
        FireRecorder.Current = recorder;
        _out.WriteLine($"  due times: {t0:HH:mm:ss.fff} .. {lastDue:HH:mm:ss.fff} UTC, one every {stepTicks / 10.0:N0} µs; each target gets ~{o.Pending / o.Targets:N0} deadlines {TimeSpan.FromTicks(stepTicks * o.Targets).TotalSeconds:N2} s apart");

        var shardKeys = ShardKeys(targetIds, t0, lastDue, deadlineOptions);
        _out.WriteLine($"  shard grains: {shardKeys.Count} ({shardKeys.Count / deadlineOptions.ShardsPerBucket} bucket(s) × {deadlineOptions.ShardsPerBucket}), ~{o.Pending / shardKeys.Count:N0} deadlines each");

        var permutation = Permutation(o.Pending);
        var chunks = (o.Pending + o.Chunk - 1) / o.Chunk;
        var calls = new LatencyHistogram();
        long registered = 0;
        store.TakeStats();
        allocations?.Start();
        var registerSample = await meter.Snapshot(CancellationToken.None);
        var registerWatch = Stopwatch.StartNew();
        using (var progress = Progress(() => $"registered {Interlocked.Read(ref registered):N0} / {o.Pending:N0}", () => Interlocked.Read(ref registered)))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, chunks), new ParallelOptions { MaxDegreeOfParallelism = o.Parallel }, async (c, _) =>
            {
                var from = c * o.Chunk;
                var batch = new (GrainId Target, DateTimeOffset Due)[Math.Min(o.Chunk, o.Pending - from)];
                for (var k = 0; k < batch.Length; k++)
                {
                    // Chunks cover the whole window in scrambled order, as real registrations would.
                    var i = permutation(from + k);
                    batch[k] = (targetIds[recorder.TargetOf(i)], recorder.DueOf(i));
                }

                var start = Stopwatch.GetTimestamp();
                await index.ScheduleMany(batch);
                calls.RecordSince(start, batch.Length);
                Interlocked.Add(ref registered, batch.Length);
            });
        }

        var registerElapsed = registerWatch.Elapsed;
        var registerUsage = await meter.Since(registerSample, o.Pending, CancellationToken.None);
        var registerAllocations = allocations?.Stop(12);
        var registerStore = store.TakeStats();
        var registerRate = o.Pending / registerElapsed.TotalSeconds;
        var registrationEnd = DateTimeOffset.UtcNow;

        var heldStore = await store.Count();
        var heldSql = postgres ? await BenchDatabase.CountDeadlines(o.ConnectionString) : (long?)null;
        var heldShards = await PendingInShards(grains, shardKeys);
        var afterRegister = MemorySnapshot.Take();
        var perDeadline = (double)(afterRegister.HeapBytes - baseline.HeapBytes) / o.Pending;

        _out.WriteLine($"  registered {o.Pending:N0} in {registerElapsed.TotalSeconds:N2} s = {registerRate:N0} deadlines/s");
        _out.WriteLine($"  ScheduleMany calls: {calls.Describe("deadlines")}");
        _out.WriteLine($"  store writes: {StoreLine(registerStore)}");
        _out.WriteLine($"  {registerUsage.Describe("benchmark process")}; {registerUsage.Runtime!.AllocatedPer(o.Pending):N0} B allocated per deadline");
        _out.WriteLine($"  held: IDeadlineStore.Count() = {heldStore:N0}" + (heldSql is { } sql ? $", select count(*) = {sql:N0}" : "") + $", shard grains' PendingCount sum = {heldShards:N0}");
        _out.WriteLine($"  memory after registration: {afterRegister}; GC heap +{(afterRegister.HeapBytes - baseline.HeapBytes) / 1048576.0:N0} MiB = {perDeadline:N0} bytes per pending deadline");
        PrintAllocations(registerAllocations);
        if (registrationEnd > t0)
        {
            _out.WriteLine($"  WARNING: registration ended {(registrationEnd - t0).TotalSeconds:N1} s after the first due time: early deadlines' lateness includes registration (raise --lead)");
        }

        // ---------------------------------------------------------------- phase 2: fire
        _out.WriteLine();
        _out.WriteLine("## Phase 2: fire");
        // Start measuring just before t0: once wake-ups start, a saturated thread pool may run this code late.
        var wait = t0 - TimeSpan.FromMilliseconds(500) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            _out.WriteLine($"  {recorder.Fires:N0} fired before t0; waiting {wait.TotalSeconds + 0.5:N1} s for the first due time");
            await Task.Delay(wait);
        }

        store.TakeStats();
        allocations?.Start();
        var fireSample = await meter.Snapshot(CancellationToken.None);
        using (var progress = Progress(() => $"fired {recorder.Distinct:N0} / {o.Pending:N0}, lateness p99 so far {recorder.Lateness.PercentileMs(99):N1} ms", () => recorder.Distinct))
        {
            while (recorder.Distinct < o.Pending && DateTimeOffset.UtcNow < deadlineEnd)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }

        var fireUsage = await meter.Since(fireSample, recorder.Fires, CancellationToken.None);
        var fireAllocations = allocations?.Stop(12);
        var timedOut = recorder.Distinct < o.Pending;

        // The shards remove an entry after its target acknowledged it; give the last removals time to be written.
        var settle = Stopwatch.StartNew();
        var remaining = await store.Count();
        while (remaining > 0 && settle.Elapsed < TimeSpan.FromSeconds(timedOut ? 2 : 15))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            remaining = await store.Count();
        }

        var fireStore = store.TakeStats();
        var remainingSql = postgres ? await BenchDatabase.CountDeadlines(o.ConnectionString) : (long?)null;
        var remainingShards = await PendingInShards(grains, shardKeys);
        var afterFire = MemorySnapshot.Take();

        var missing = recorder.Missing();
        var span = recorder.Span;
        var fireSeconds = span is { } s ? Stopwatch.GetElapsedTime(s.First, s.Last).TotalSeconds : 0;
        var firedRate = fireSeconds > 0 ? (recorder.Distinct - 1) / fireSeconds : 0;
        var offeredRate = o.Pending / Math.Max((lastDue - t0).TotalSeconds, 1e-6);
        var perSecond = recorder.PerSecond();
        var peakSecond = perSecond.Max();
        double Late(double p) => recorder.Lateness.Count == 0 ? double.NaN : recorder.Lateness.PercentileMs(p);
        var lateMax = recorder.Lateness.Count == 0 ? double.NaN : recorder.Lateness.MaxMs;

        _out.WriteLine($"  fired {recorder.Distinct:N0} of {o.Pending:N0} distinct deadlines ({recorder.Fires:N0} wake-ups) " +
                       (timedOut ? $"— TIMED OUT {o.Grace.TotalSeconds:0} s after the last due time" : "") +
                       (recorder.LastFireAt is { } lastFire ? $"; last wake-up at t0 + {(lastFire - t0).TotalSeconds:N2} s (last due time + {(lastFire - lastDue).TotalSeconds:N2} s)" : ""));
        _out.WriteLine($"  fired/s: {firedRate:N0} between the first and the last wake-up ({fireSeconds:N1} s); offered {offeredRate:N0}/s; busiest wall-clock second {peakSecond:N0}");
        _out.WriteLine($"  lateness ms: p50 {Late(50):N1}  p90 {Late(90):N1}  p99 {Late(99):N1}  p99.9 {Late(99.9):N1}  max {lateMax:N1}  (early wake-ups: {recorder.Early:N0})");
        _out.WriteLine($"  duplicates {recorder.Duplicates:N0}, missing {missing:N0}, unexpected (due not registered) {recorder.Unexpected:N0}");
        if (missing > 0)
        {
            _out.WriteLine($"  first missing: {string.Join(", ", recorder.MissingSample(5).Select(i => $"#{i} target {recorder.TargetOf(i)} due {recorder.DueOf(i):HH:mm:ss.ffffff}"))}");
        }

        _out.WriteLine($"  remaining after firing: IDeadlineStore.Count() = {remaining:N0}" + (remainingSql is { } rs ? $", select count(*) = {rs:N0}" : "") + $", shard grains' PendingCount sum = {remainingShards:N0}");
        _out.WriteLine($"  store writes: {StoreLine(fireStore)}");
        _out.WriteLine($"  {fireUsage.Describe("benchmark process")}; {fireUsage.Runtime!.AllocatedPer(recorder.Fires):N0} B allocated per wake-up");
        PrintAllocations(fireAllocations);
        _out.WriteLine($"  memory after firing: {afterFire}");
        _out.WriteLine($"  wake-ups per second from t0: {string.Join(' ', perSecond.Take(Array.FindLastIndex(perSecond, c => c > 0) + 2))}");

        // ---------------------------------------------------------------- summary
        var storage = o.Storage.ToString().ToLowerInvariant() + (o.RemovalLinger is { } linger ? $" (linger {linger.TotalMilliseconds:0.###} ms)" : "");
        _out.WriteLine();
        _out.WriteLine("## Summary");
        _out.WriteLine();
        _out.WriteLine("| storage | pending | window | targets | register/s | held | heap/deadline | fired | fired/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | duplicates | missing | remaining |");
        _out.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        _out.WriteLine($"| {storage} | {o.Pending:N0} | {o.Window.TotalSeconds:0.###} s | {o.Targets:N0} | {registerRate:N0} | {heldSql ?? heldStore:N0} | {perDeadline:N0} B | {recorder.Distinct:N0} | {firedRate:N0} | {Late(50):N1} | {Late(90):N1} | {Late(99):N1} | {Late(99.9):N1} | {lateMax:N1} | {recorder.Duplicates:N0} | {missing:N0} | {remainingSql ?? remaining:N0} |");
        _out.WriteLine();
        var p99 = Late(99);
        var keptUp = firedRate >= 0.98 * offeredRate;
        _out.WriteLine($"vs {PeerFigure}: this index ({storage}) fired {firedRate / 1000:N1} K/s" +
                       (keptUp
                           ? $", i.e. it kept up with the offered {offeredRate / 1000:N1} K/s (its ceiling is higher: a shorter --window finds it)"
                           : $" ({firedRate / PeerRatePerSecond:N1}× the poller) against an offered {offeredRate / 1000:N1} K/s, so this is its ceiling") +
                       $", at p99 lateness {p99:N1} ms ({(p99 < PeerP99LowMs ? $"{PeerP99LowMs / p99:N0}–{PeerP99HighMs / p99:N0}× lower" : p99 <= PeerP99HighMs ? "within the poller's range" : $"{p99 / PeerP99HighMs:N1}–{p99 / PeerP99LowMs:N1}× higher")}).");

        var failed = missing > 0 || recorder.Duplicates > 0;
        _out.WriteLine(failed ? "RESULT: FAILED (missing or duplicate wake-ups)" : "RESULT: OK (every deadline fired exactly once)");
        return failed ? 1 : 0;
    }

    private void PrintAllocations(IReadOnlyList<(string Type, long Bytes, double Share)>? top)
    {
        if (top is null)
        {
            return;
        }

        _out.WriteLine("  allocated most (sampled):");
        foreach (var (type, bytes, share) in top)
        {
            _out.WriteLine($"    {share,6:P1} {bytes / 1048576.0,8:N0} MiB  {type}");
        }
    }

    /// <summary>Every shard grain key the registered deadlines can map to.</summary>
    private static List<string> ShardKeys(GrainId[] targets, DateTimeOffset first, DateTimeOffset last, DeadlineOptions options)
    {
        var keys = new HashSet<string>();
        var width = options.BucketWidth.Ticks;
        for (var bucket = first.UtcTicks - first.UtcTicks % width; bucket <= last.UtcTicks; bucket += width)
        {
            var at = new DateTimeOffset(bucket, TimeSpan.Zero);
            foreach (var target in targets)
            {
                keys.Add(DeadlineShardKey.For(target, at, options));
            }
        }

        return [.. keys.Order(StringComparer.Ordinal)];
    }

    private static async Task<long> PendingInShards(IGrainFactory grains, List<string> keys) =>
        (await Task.WhenAll(keys.Select(key => grains.GetGrain<IDeadlineShardGrain>(key).PendingCount()))).Sum(c => (long)c);

    /// <summary>A bijection of [0, n): multiplication by a constant coprime to n.</summary>
    private static Func<int, int> Permutation(int n)
    {
        long multiplier = 2_654_435_761 % n;
        while ((multiplier < 2 && n > 2) || Gcd(multiplier, n) != 1)
        {
            multiplier++;
        }

        return i => (int)(i * multiplier % n);

        static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
    }

    private static DateTimeOffset TruncateToMicrosecond(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);

    private static string StoreLine(StoreStats s) =>
        $"inserts {s.Inserts.Describe("rows")}; deletes {s.Deletes.Describe("rows")}" +
        (s.Mixed.Count > 0 ? $"; mixed {s.Mixed.Describe("rows")}" : "") +
        (s.Loads.Count > 0 ? $"; loads {s.Loads.Describe("rows")}" : "") +
        $"; at most {s.MaxInFlight} writes in flight";

    private static string Redact(string connectionString)
    {
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(cs.Password))
        {
            cs.Password = "***";
        }

        return cs.ToString();
    }

    /// <summary>Prints a progress line every few seconds until disposed.</summary>
    private IDisposable Progress(Func<string> line, Func<long> count)
    {
        var watch = Stopwatch.StartNew();
        var last = (Time: TimeSpan.Zero, Count: count());
        var timer = new Timer(_ =>
        {
            var now = (Time: watch.Elapsed, Count: count());
            var rate = (now.Count - last.Count) / (now.Time - last.Time).TotalSeconds;
            last = now;
            _out.WriteLine($"    [{now.Time.TotalSeconds,5:N0} s] {line()} ({rate:N0}/s)");
        }, null, ProgressEvery, ProgressEvery);
        return timer;
    }

    private sealed record MemorySnapshot(long HeapBytes, long WorkingSetBytes, long CommittedBytes)
    {
        /// <summary>After a full blocking compacting collection, so that only live memory is counted.</summary>
        public static MemorySnapshot Take()
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var info = GC.GetGCMemoryInfo();
            using var process = Process.GetCurrentProcess();
            return new MemorySnapshot(info.HeapSizeBytes, process.WorkingSet64, info.TotalCommittedBytes);
        }

        public override string ToString() =>
            $"GC heap {HeapBytes / 1048576.0:N0} MiB, GC committed {CommittedBytes / 1048576.0:N0} MiB, working set {WorkingSetBytes / 1048576.0:N0} MiB";
    }
}
