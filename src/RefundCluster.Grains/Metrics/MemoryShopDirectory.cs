using System.Collections.Concurrent;

namespace RefundCluster.Grains.Metrics;

/// <summary>The in-memory directory of the embedded cluster (as volatile as its memory grain storage).</summary>
public sealed class MemoryShopDirectory : IShopDirectory
{
    private readonly ConcurrentDictionary<(string Shop, ShopEntityKind Kind), ConcurrentDictionary<string, byte>> _entities = new();

    public Task Register(string shopId, ShopEntityKind kind, string entityId)
    {
        _entities.GetOrAdd((shopId, kind), _ => new(StringComparer.Ordinal)).TryAdd(entityId, 0);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> List(string shopId, ShopEntityKind kind, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(_entities.TryGetValue((shopId, kind), out var ids) ? [.. ids.Keys] : []);
}
