using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using RefundCluster.Contracts.Metrics;
using RefundCluster.Domain.Metrics;
using RefundCluster.Grains.Storage;

namespace RefundCluster.Grains.Metrics;

/// <summary>
/// How order and refund grains reach the shop metrics: the directory entry, then a fact per transition. Facts for one
/// shop that arrive while a publication is in flight go out together in the next one (group commit), so under load a
/// stream message carries many transitions instead of one.
/// </summary>
public sealed class ShopFeed(IServiceProvider services, IShopDirectory directory, IOptions<ShopMetricsOptions> options)
{
    private readonly ConcurrentDictionary<string, BatchWriter<ShopFactChange>> _publishers = new(StringComparer.Ordinal);
    private IStreamProvider? _streams;

    /// <summary>Real time, not the grains' (possibly compressed) clock: stream lag is a wall-clock figure.</summary>
    public static TimeProvider WallClock => TimeProvider.System;

    /// <summary>Whether the grain storage records each entity's shop, so that no registration is needed.</summary>
    public bool DirectoryFollowsGrainState => directory.FollowsGrainState;

    /// <summary>Registers a new entity in its shop's directory.</summary>
    public Task Register(string shopId, ShopEntityKind kind, string entityId) => directory.Register(shopId, kind, entityId);

    /// <summary>Completes when the fact is in the stream's queue; throws if the stream refused it (a full queue).</summary>
    public Task Publish(string shopId, ShopFactChange change)
    {
        if (options.Value.DropRate > 0 && Random.Shared.NextDouble() < options.Value.DropRate)
        {
            return Task.CompletedTask;
        }

        if (options.Value.RefuseRate > 0 && Random.Shared.NextDouble() < options.Value.RefuseRate)
        {
            return Task.FromException(new InvalidOperationException("Publication refused (simulated full stream queue)."));
        }

        return _publishers.GetOrAdd(shopId, shop => new BatchWriter<ShopFactChange>(batch => Send(shop, batch))).Write(change);
    }

    private Task Send(string shopId, IReadOnlyList<ShopFactChange> batch)
    {
        _streams ??= services.GetRequiredKeyedService<IStreamProvider>(ShopStreams.ProviderName);
        var stream = _streams.GetStream<ShopFactsChanged>(StreamId.Create(ShopStreams.Namespace, shopId));
        return stream.OnNextAsync(new ShopFactsChanged
        {
            ShopId = shopId,
            Refunds = [.. batch.Where(c => c.Refund is not null).Select(c => c.Refund!)],
            Orders = [.. batch.Where(c => c.Order is not null).Select(c => c.Order!)],
            PublishedAt = WallClock.GetUtcNow(),
        });
    }
}
