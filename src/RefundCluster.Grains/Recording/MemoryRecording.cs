using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace RefundCluster.Grains.Recording;

/// <summary>
/// The embedded mode's recording: this process's memory, in the order the lines were stored, the oldest dropped past
/// <see cref="RecordingOptions.MemoryCapacity"/> (in chunks of an eighth). One silo's recording: a cluster of several
/// silos needs the PostgreSQL one.
/// </summary>
public sealed class MemoryRecording(IOptions<RecordingOptions> options) : IRecording
{
    private readonly List<PendingInput> _lines = [];
    private readonly Lock _lock = new();

    public void Append(IReadOnlyList<PendingInput> inputs)
    {
        if (inputs.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            _lines.AddRange(inputs);
            var capacity = options.Value.MemoryCapacity;
            if (_lines.Count > capacity + (capacity / 8))
            {
                _lines.RemoveRange(0, _lines.Count - capacity);
            }
        }
    }

    public async IAsyncEnumerable<string> Read(string shopId, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancel)
    {
        List<PendingInput> shop;
        lock (_lock)
        {
            shop = [.. _lines.Where(l => l.ShopId == shopId && l.At < to)];
        }

        // GroupBy keeps each order's lines in the order they were stored.
        foreach (var order in shop.GroupBy(l => l.OrderId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (order.Min(l => l.At) < from)
            {
                continue;
            }

            foreach (var line in order)
            {
                cancel.ThrowIfCancellationRequested();
                yield return line.Line;
            }

            await Task.Yield();
        }
    }

    public Task<long> Forget(DateTimeOffset before, CancellationToken cancel)
    {
        lock (_lock)
        {
            return Task.FromResult((long)_lines.RemoveAll(l => l.At < before));
        }
    }
}
