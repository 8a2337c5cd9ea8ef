using System.Collections.Concurrent;

namespace RefundCluster.Grains.Deadlines;

/// <summary>The embedded mode's index: survives grain deactivation, not the process (like everything in that mode).</summary>
public sealed class MemoryDeadlineStore : IDeadlineStore
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<DeadlineEntry, byte>> _shards = new();

    public Task<IReadOnlyList<DeadlineEntry>> Load(string shard) =>
        Task.FromResult<IReadOnlyList<DeadlineEntry>>(_shards.TryGetValue(shard, out var entries) ? [.. entries.Keys] : []);

    public Task Apply(string shard, IReadOnlyList<DeadlineChange> changes)
    {
        var entries = _shards.GetOrAdd(shard, _ => new());
        foreach (var change in changes)
        {
            if (change.Added)
            {
                entries.TryAdd(change.Entry, 0);
            }
            else
            {
                entries.TryRemove(change.Entry, out _);
            }
        }

        if (entries.IsEmpty)
        {
            _shards.TryRemove(new KeyValuePair<string, ConcurrentDictionary<DeadlineEntry, byte>>(shard, entries));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ShardsDueBefore(DateTimeOffset before, int max) =>
        Task.FromResult<IReadOnlyList<string>>([.. _shards.Where(s => s.Value.Keys.Any(e => e.Due < before)).Select(s => s.Key).Take(max)]);

    public Task<long> Count() => Task.FromResult(_shards.Values.Sum(s => (long)s.Count));
}
