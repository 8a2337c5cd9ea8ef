using System.Diagnostics;
using System.Globalization;
using HdrHistogram;

namespace RefundCluster.Benchmarks.Measurement;

/// <summary>
/// CPU of this process and of the whole machine (Linux /proc/stat; PostgreSQL runs on the same machine) over a phase,
/// and the thread pool's scheduling lag: how late a 20 ms tick runs, a direct sign of CPU saturation.
/// </summary>
public sealed class ResourceMeter : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _lagLoop;
    private LongConcurrentHistogram _lagMicros = NewHistogram();
    private long _lastGcIndex;
    private long _maxGcPauseTicks;

    public ResourceMeter() => _lagLoop = Task.Run(MeasureLag);

    public Sample Start()
    {
        Interlocked.Exchange(ref _lagMicros, NewHistogram());
        Interlocked.Exchange(ref _maxGcPauseTicks, 0);
        return new Sample(Stopwatch.GetTimestamp(), Process.GetCurrentProcess().TotalProcessorTime, MachineCpu(), PostgresCpu(), GcCounts(), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
    }

    /// <summary>Figures since <paramref name="from"/> (a phase's <see cref="Start"/>).</summary>
    public Usage Since(Sample from)
    {
        var elapsed = Stopwatch.GetElapsedTime(from.Timestamp);
        var process = Process.GetCurrentProcess().TotalProcessorTime - from.ProcessCpu;
        var lag = Interlocked.Exchange(ref _lagMicros, NewHistogram());
        var machine = MachineCpu() is { } now && from.MachineCpu is { } before && now.Total > before.Total
            ? 1 - (double)(now.Idle - before.Idle) / (now.Total - before.Total)
            : (double?)null;
        var postgres = PostgresCpu() is { } pgNow && from.PostgresCpu is { } pgBefore
            ? (pgNow - pgBefore) / JiffiesPerSecond / elapsed.TotalSeconds / Environment.ProcessorCount
            : (double?)null;
        var gcs = GcCounts();
        return new Usage(
            elapsed,
            process.TotalSeconds / elapsed.TotalSeconds / Environment.ProcessorCount,
            machine,
            postgres,
            lag.TotalCount == 0 ? 0 : lag.GetValueAtPercentile(99) / 1000.0,
            lag.TotalCount == 0 ? 0 : lag.GetMaxValue() / 1000.0,
            (gcs.Gen0 - from.Gcs.Gen0, gcs.Gen1 - from.Gcs.Gen1, gcs.Gen2 - from.Gcs.Gen2),
            GC.GetTotalPauseDuration() - from.GcPause,
            TimeSpan.FromTicks(Interlocked.Read(ref _maxGcPauseTicks)),
            GC.GetTotalAllocatedBytes() - from.Allocated);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _lagLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static LongConcurrentHistogram NewHistogram() => new(1, TimeSpan.FromHours(1).Ticks / TimeSpan.TicksPerMicrosecond, 3);

    private async Task MeasureLag()
    {
        while (!_stop.IsCancellationRequested)
        {
            var start = Stopwatch.GetTimestamp();
            await Task.Delay(Tick, _stop.Token);
            var late = (Stopwatch.GetElapsedTime(start) - Tick).Ticks / TimeSpan.TicksPerMicrosecond;
            _lagMicros.RecordValue(Math.Clamp(late, 1, TimeSpan.FromHours(1).Ticks / TimeSpan.TicksPerMicrosecond));
            // The longest single GC pause: look at each collection that happened since the last tick (at most the last one).
            var gc = GC.GetGCMemoryInfo(GCKind.Any);
            if (gc.Index != _lastGcIndex)
            {
                _lastGcIndex = gc.Index;
                var pause = gc.PauseDurations.ToArray().Sum(d => d.Ticks);
                var max = Interlocked.Read(ref _maxGcPauseTicks);
                while (pause > max && Interlocked.CompareExchange(ref _maxGcPauseTicks, pause, max) != max)
                {
                    max = Interlocked.Read(ref _maxGcPauseTicks);
                }
            }
        }
    }

    /// <summary>Jiffies of all CPUs: total and idle (idle + iowait).</summary>
    private static (long Total, long Idle)? MachineCpu()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return (fields.Sum(), fields[3] + fields[4]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>USER_HZ, the unit of /proc CPU times (100 on every mainstream Linux build).</summary>
    private const double JiffiesPerSecond = 100;

    /// <summary>CPU jiffies (user + system) of all processes named postgres on this machine, or null if there is no /proc.</summary>
    private static long? PostgresCpu()
    {
        try
        {
            long total = 0;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!char.IsDigit(Path.GetFileName(dir)[0]))
                {
                    continue;
                }

                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var close = stat.LastIndexOf(')');
                    var open = stat.IndexOf('(');
                    if (open < 0 || close < 0 || !stat[(open + 1)..close].StartsWith("postgres", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    // Fields after the command: state(3) ... utime(14) stime(15), counted from 1 for pid.
                    var fields = stat[(close + 2)..].Split(' ');
                    total += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
                {
                    // The process ended meanwhile.
                }
            }

            return total;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static (int Gen0, int Gen1, int Gen2) GcCounts() => (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    public sealed record Sample(long Timestamp, TimeSpan ProcessCpu, (long Total, long Idle)? MachineCpu, long? PostgresCpu, (int Gen0, int Gen1, int Gen2) Gcs, TimeSpan GcPause, long Allocated);

    /// <summary>CPU shares are of all cores (1 = every core busy for the whole phase).</summary>
    public sealed record Usage(
        TimeSpan Elapsed, double ProcessCpu, double? MachineCpu, double? PostgresCpu, double LagP99Ms, double LagMaxMs,
        (int Gen0, int Gen1, int Gen2) Gcs, TimeSpan GcPause, TimeSpan MaxGcPause, long Allocated)
    {
        /// <summary>Bytes allocated per unit of work (e.g. per deadline registered or fired).</summary>
        public double AllocatedPer(long units) => units == 0 ? 0 : (double)Allocated / units;

        public override string ToString() =>
            $"CPU: benchmark process {ProcessCpu:P0} of {Environment.ProcessorCount} cores" +
            (PostgresCpu is { } pg && pg > 0.005 ? $", postgres processes {pg:P0}" : "") +
            (MachineCpu is not { } m ? ""
                : m + 0.05 < ProcessCpu + (PostgresCpu ?? 0) ? ", whole machine n/a (/proc/stat under-read)"
                : $", whole machine {m:P0} (others {Math.Max(0, m - ProcessCpu - (PostgresCpu ?? 0)):P0})") +
            $"; thread-pool lag p99 {LagP99Ms:N1} ms, max {LagMaxMs:N1} ms" +
            $"\n  GC: {Allocated / 1048576.0:N0} MiB allocated, {Gcs.Gen0}/{Gcs.Gen1}/{Gcs.Gen2} collections (gen0/1/2), paused {GcPause.TotalMilliseconds:N0} ms in all ({GcPause / Elapsed:P1} of the phase), longest sampled pause {MaxGcPause.TotalMilliseconds:N1} ms";
    }
}
