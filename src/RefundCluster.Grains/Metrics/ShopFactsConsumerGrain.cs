using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Metrics;

namespace RefundCluster.Grains.Metrics;

/// <summary>
/// Reads one facts stream (implicitly subscribed, keyed by the stream's partition number) and hands each shop's facts
/// to that shop's aggregator, all shops of a message at once. What is lost on the way is repaired by the aggregators'
/// reconciliation, as any stream loss is.
/// </summary>
[ImplicitStreamSubscription(ShopStreams.Namespace)]
public sealed class ShopFactsConsumerGrain(ILogger<ShopFactsConsumerGrain> logger)
    : Grain, IShopFactsConsumerGrain, IStreamSubscriptionObserver, IAsyncObserver<ShopFactsBatch>
{
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => handleFactory.Create<ShopFactsBatch>().ResumeAsync(this);

    public async Task OnNextAsync(ShopFactsBatch item, StreamSequenceToken? token = null)
    {
        var deliveries = new Task[item.Shops.Length];
        for (var i = 0; i < deliveries.Length; i++)
        {
            var shop = item.Shops[i];
            deliveries[i] = GrainFactory.Reference<IShopFactsSink>(shop.ShopId).Apply(shop);
        }

        try
        {
            await Task.WhenAll(deliveries);
        }
        catch (Exception e)
        {
            // An aggregator that could not take its facts catches up at its next reconciliation; the others did.
            logger.LogWarning(e, "A shop aggregator did not take its facts; its reconciliation repairs it");
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        logger.LogWarning(ex, "Facts stream {Partition} failed; the aggregators' reconciliation repairs what was missed", this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }
}

/// <summary>The facts stream consumer's grain interface (it takes calls only from its stream).</summary>
public interface IShopFactsConsumerGrain : IGrainWithStringKey;
