using Microsoft.Extensions.DependencyInjection;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Policies;

namespace RefundCluster.Grains.Shops;

public sealed class ShopPolicyGrain(
    [PersistentState("policy", StorageNames.Entities)] IPersistentState<ShopPolicyGrainState> store,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider time) : Grain, IShopPolicyGrain
{
    /// <summary>Who changed the policy is kept for the last this-many changes.</summary>
    private const int ChangesKept = 100;

    public ValueTask<ShopPolicyView> Get() => ValueTask.FromResult(new ShopPolicyView
    {
        ShopId = this.GetPrimaryKeyString(),
        Policy = store.State.Policy ?? ShopPolicy.PlatformDefault,
        Version = store.State.Version,
        Changes = [.. store.State.Changes],
    });

    public async ValueTask<EventError?> Set(ShopPolicy policy, string changedBy)
    {
        if (ShopPolicyValidator.Validate(policy) is { } error)
        {
            return EventError.From(error);
        }

        store.State.Policy = policy;
        store.State.Version++;
        store.State.Changes.Add(new PolicyChangeView(store.State.Version, time.GetUtcNow(), changedBy));
        if (store.State.Changes.Count > ChangesKept)
        {
            store.State.Changes.RemoveAt(0);
        }

        await store.WriteStateAsync();
        return null;
    }
}
