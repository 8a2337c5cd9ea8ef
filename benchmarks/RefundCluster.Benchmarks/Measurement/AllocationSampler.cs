using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace RefundCluster.Benchmarks.Measurement;

/// <summary>
/// An in-process allocation profile: listens to the runtime's GCAllocationTick events (one per ~100 KB allocated,
/// naming the type that crossed the mark) and adds up the bytes by type. Sampling, but unbiased over many events;
/// needs no external tool (dotnet-trace and dotnet-counters are dotnet tools: `dotnet tool install -g dotnet-trace`).
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, long> _bytesByType = new();
    private long _sampledBytes;
    private volatile bool _recording;

    public void Start()
    {
        _bytesByType.Clear();
        Interlocked.Exchange(ref _sampledBytes, 0);
        _recording = true;
    }

    /// <summary>Stops recording and returns the top types by sampled bytes, with their share of all sampled bytes.</summary>
    public IReadOnlyList<(string Type, long Bytes, double Share)> Stop(int top)
    {
        _recording = false;
        var total = Math.Max(1, Interlocked.Read(ref _sampledBytes));
        return [.. _bytesByType.OrderByDescending(kv => kv.Value).Take(top).Select(kv => (kv.Key, kv.Value, (double)kv.Value / total))];
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_recording || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames is null)
        {
            return;
        }

        var type = "?";
        long amount = 0;
        for (var i = 0; i < e.PayloadNames.Count; i++)
        {
            switch (e.PayloadNames[i])
            {
                case "TypeName":
                    type = e.Payload?[i] as string ?? "?";
                    break;
                case "AllocationAmount64":
                    amount = Convert.ToInt64(e.Payload?[i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "AllocationAmount" when amount == 0:
                    amount = Convert.ToInt64(e.Payload?[i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
            }
        }

        _bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
        Interlocked.Add(ref _sampledBytes, amount);
    }
}
