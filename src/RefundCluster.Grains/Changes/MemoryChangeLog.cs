using Microsoft.Extensions.Options;
using RefundCluster.Contracts.Changes;

namespace RefundCluster.Grains.Changes;

/// <summary>
/// The embedded mode's change log: this process's memory, appended as each state is written (so a reader never sees a
/// change whose state is not stored), the oldest changes dropped past <see cref="ChangeLogOptions.MemoryCapacity"/> (in chunks).
/// Each entity's latest change is kept apart for as long as the process lives (like the states, which this mode also
/// keeps only in memory), so that a shop's lists can be rebuilt after the log dropped the change.
/// One silo's log: a cluster of several silos needs the PostgreSQL log.
/// </summary>
public sealed class MemoryChangeLog(IOptions<ChangeLogOptions> options) : IChangeLog
{
    private readonly List<ChangeRecord> _records = [];
    private readonly Dictionary<string, Dictionary<(string OrderId, string? RefundId), ChangeRecord>> _latestByShop = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _cursor;

    public void Append(IReadOnlyList<PendingChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var c in changes)
            {
                var record = new ChangeRecord(++_cursor, c.Type, c.ShopId, c.OrderId, c.RefundId, c.Version, c.At, c.View);
                _records.Add(record);
                if (!_latestByShop.TryGetValue(c.ShopId, out var latest))
                {
                    _latestByShop[c.ShopId] = latest = [];
                }

                latest[(c.OrderId, c.RefundId)] = record;
            }

            // Dropped in chunks of an eighth: dropping one at a time from the front of a full log would move the
            // whole list on every write.
            var capacity = options.Value.MemoryCapacity;
            if (_records.Count > capacity + (capacity / 8))
            {
                _records.RemoveRange(0, _records.Count - capacity);
            }
        }
    }

    public Task<long> Latest(CancellationToken cancel)
    {
        lock (_lock)
        {
            return Task.FromResult(_cursor);
        }
    }

    public Task<ShopLatestChanges> LatestOfShop(string shopId, CancellationToken cancel)
    {
        lock (_lock)
        {
            IReadOnlyList<ChangeRecord> latest = _latestByShop.TryGetValue(shopId, out var byEntity) ? [.. byEntity.Values] : [];
            return Task.FromResult(new ShopLatestChanges(latest, _cursor));
        }
    }

    public Task<IReadOnlyList<ChangeRecord>> Read(ChangeQuery query, CancellationToken cancel)
    {
        var page = new List<ChangeRecord>(Math.Min(query.Limit, 256));
        lock (_lock)
        {
            if (_records.Count > 0 && query.After < _records[0].Cursor - 1)
            {
                throw new ChangesDroppedException(query.After, _records[0].Cursor);
            }

            // Cursors grow by one, so the first record after the cursor is found by its distance from the oldest kept.
            var start = _records.Count == 0 ? 0 : (int)Math.Clamp(query.After - _records[0].Cursor + 1, 0, _records.Count);
            for (var i = start; i < _records.Count && page.Count < query.Limit; i++)
            {
                var record = _records[i];
                if ((query.Shops.IsDefaultOrEmpty || query.Shops.Contains(record.ShopId))
                    && (query.Types.IsDefaultOrEmpty || query.Types.Contains(record.Type)))
                {
                    page.Add(record);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<ChangeRecord>>(page);
    }
}
