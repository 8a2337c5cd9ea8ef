using System.Collections.Immutable;
using RefundCluster.Contracts.Grains;

namespace RefundCluster.Grains.Webhooks;

/// <summary>Every webhook subscription with its owner (one registry): for listing. Subscriptions deliver on their own.</summary>
public sealed class WebhookRegistryGrain(
    [PersistentState("webhooks", StorageNames.Entities)] IPersistentState<Dictionary<string, string>> store) : Grain, IWebhookRegistryGrain
{
    public async Task Add(string webhookId, string owner)
    {
        store.State[webhookId] = owner;
        await store.WriteStateAsync();
    }

    public async Task Remove(string webhookId)
    {
        if (store.State.Remove(webhookId))
        {
            await store.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<string>> List(string? owner) =>
        Task.FromResult<ImmutableArray<string>>([.. store.State.Where(w => owner is null || w.Value == owner).Select(w => w.Key).Order(StringComparer.Ordinal)]);
}
