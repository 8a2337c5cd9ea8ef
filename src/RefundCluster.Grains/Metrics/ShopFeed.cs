using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using RefundCluster.Contracts.Metrics;
using RefundCluster.Domain.Metrics;

namespace RefundCluster.Grains.Metrics;

/// <summary>How order and refund grains reach the shop metrics: the directory entry, then a fact per transition.</summary>
public sealed class ShopFeed(IServiceProvider services, IShopDirectory directory, IOptions<ShopMetricsOptions> options)
{
    private IStreamProvider? _streams;

    /// <summary>Real time, not the grains' (possibly compressed) clock: stream lag is a wall-clock figure.</summary>
    public static TimeProvider WallClock => TimeProvider.System;

    public Task Register(string shopId, ShopEntityKind kind, string entityId) => directory.Register(shopId, kind, entityId);

    public Task Publish(string shopId, RefundFact? refund, OrderFact? order)
    {
        if (options.Value.DropRate > 0 && Random.Shared.NextDouble() < options.Value.DropRate)
        {
            return Task.CompletedTask;
        }

        _streams ??= services.GetRequiredKeyedService<IStreamProvider>(ShopStreams.ProviderName);
        var stream = _streams.GetStream<ShopFactChanged>(StreamId.Create(ShopStreams.Namespace, shopId));
        return stream.OnNextAsync(new ShopFactChanged { ShopId = shopId, Refund = refund, Order = order, PublishedAt = WallClock.GetUtcNow() });
    }
}
