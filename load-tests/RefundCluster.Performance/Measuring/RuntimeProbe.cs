using System.Diagnostics;

namespace RefundCluster.Performance.Measuring;

/// <summary>
/// Watches this process's runtime from the thread pool: every 20 ms, how late the tick ran (scheduling lag) and the
/// pause of any collection since the last tick. <see cref="Sample"/> reads it with the GC's own counters.
/// </summary>
public sealed class RuntimeProbe : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);
    private readonly Lock _lock = new();
    private readonly LatencyHistogram _lag = new();
    private readonly LatencyHistogram _gcPauses = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _lastGcIndex;

    public RuntimeProbe()
    {
        _lastGcIndex = GC.GetGCMemoryInfo(GCKind.Any).Index;
        _loop = Task.Run(Watch);
    }

    public RuntimeSample Sample()
    {
        lock (_lock)
        {
            return new RuntimeSample(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(),
                _lag.Copy(), _gcPauses.Copy());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task Watch()
    {
        while (!_stop.IsCancellationRequested)
        {
            var start = Stopwatch.GetTimestamp();
            await Task.Delay(Tick, _stop.Token);
            var late = Stopwatch.GetElapsedTime(start) - Tick;
            // The last collection, if there was one since the last tick (a tick that saw several sees the last).
            var gc = GC.GetGCMemoryInfo(GCKind.Any);
            lock (_lock)
            {
                _lag.RecordMs(late.TotalMilliseconds);
                if (gc.Index != _lastGcIndex)
                {
                    _lastGcIndex = gc.Index;
                    _gcPauses.RecordMs(gc.PauseDurations.ToArray().Sum(d => d.TotalMilliseconds));
                }
            }
        }
    }
}
