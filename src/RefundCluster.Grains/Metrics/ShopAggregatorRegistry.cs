using System.Collections.Concurrent;

namespace RefundCluster.Grains.Metrics;

/// <summary>The shop aggregators active on this silo: each adds itself on activation and leaves on deactivation.</summary>
public sealed class ShopAggregatorRegistry
{
    private readonly ConcurrentDictionary<string, object> _shops = new(StringComparer.Ordinal);

    public void Add(string shopId, object activation) => _shops[shopId] = activation;

    /// <summary>Only the activation that added itself leaves (a new one of the same shop may already be in).</summary>
    public void Remove(string shopId, object activation) => _shops.TryRemove(new KeyValuePair<string, object>(shopId, activation));

    public IReadOnlyList<string> Shops => [.. _shops.Keys];
}
