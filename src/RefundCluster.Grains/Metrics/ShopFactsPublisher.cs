using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using RefundCluster.Contracts.Metrics;
using RefundCluster.Domain.Metrics;
using RefundCluster.Grains.Storage;

namespace RefundCluster.Grains.Metrics;

/// <summary>
/// How order grains reach the shop metrics: the directory entry, then a fact per transition. Facts go to
/// the shop's facts stream (<see cref="ShopStreams.PartitionOf"/>); those that arrive while a publication to that stream
/// is in flight go out together in the next one (group commit), so under load a stream message carries many shops'
/// transitions instead of one.
/// </summary>
public sealed class ShopFactsPublisher(IServiceProvider services, IShopDirectory directory, IOptions<ShopMetricsOptions> options)
{
    private readonly ConcurrentDictionary<int, GroupCommitWriter<(string Shop, ShopFactChange Change)>> _publishers = new();
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

        var partition = ShopStreams.PartitionOf(shopId, options.Value.FactStreams);
        return _publishers.GetOrAdd(partition, p => new GroupCommitWriter<(string, ShopFactChange)>(batch => Send(p, batch), new() { MaxBatch = 1000 })).Write((shopId, change));
    }

    private Task Send(int partition, IReadOnlyList<(string Shop, ShopFactChange Change)> batch)
    {
        _streams ??= services.GetRequiredKeyedService<IStreamProvider>(ShopStreams.ProviderName);
        var stream = _streams.GetStream<ShopFactsBatch>(StreamId.Create(ShopStreams.Namespace, partition.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var at = WallClock.GetUtcNow();
        return stream.OnNextAsync(new ShopFactsBatch
        {
            Shops = [.. batch.GroupBy(c => c.Shop, StringComparer.Ordinal).Select(shop => new ShopFactsChanged
            {
                ShopId = shop.Key,
                Refunds = [.. shop.SelectMany(c => c.Change.Refunds)],
                Orders = [.. shop.Where(c => c.Change.Order is not null).Select(c => c.Change.Order!)],
                PublishedAt = at,
            })],
        });
    }
}
