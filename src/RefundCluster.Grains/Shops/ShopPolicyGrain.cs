using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Policies;

namespace RefundCluster.Grains.Shops;

public sealed class ShopPolicyGrain(
    [PersistentState("policy", StorageNames.Entities)] IPersistentState<ShopPolicyGrainState> store,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider time,
    ILogger<ShopPolicyGrain> log) : Grain, IShopPolicyGrain, IShopPolicySource
{
    /// <summary>Who changed the policy is kept for the last this-many changes.</summary>
    private const int ChangesKept = 100;

    /// <summary>How long a change waits for a silo's cache to take it; one that does not answer is dropped (it refetches).</summary>
    private static readonly TimeSpan TellTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The silos' caches that hold this shop's policy.</summary>
    private readonly HashSet<IShopPolicyWatcher> _watchers = [];

    private ShopPolicy Current => store.State.Policy ?? ShopPolicy.PlatformDefault;

    public ValueTask<ShopPolicy> Watch(IShopPolicyWatcher watcher)
    {
        _watchers.Add(watcher);
        return ValueTask.FromResult(Current);
    }

    /// <summary>A later activation will not know the watchers: they forget the policy and ask that one again.</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        var shopId = this.GetPrimaryKeyString();
        foreach (var watcher in _watchers)
        {
            _ = watcher.Forget(shopId); // one-way
        }

        return Task.CompletedTask;
    }

    private async Task Tell(ShopPolicy policy)
    {
        var shopId = this.GetPrimaryKeyString();
        var told = _watchers.Select(async watcher =>
        {
            try
            {
                await watcher.Changed(shopId, policy).WaitAsync(TellTimeout);
                return null;
            }
            catch (Exception e)
            {
                log.LogInformation(e, "A silo's policy cache for {ShopId} did not take the change; dropped", shopId);
                return watcher;
            }
        }).ToList();
        foreach (var lost in await Task.WhenAll(told))
        {
            if (lost is not null)
            {
                _watchers.Remove(lost);
            }
        }
    }

    public ValueTask<ShopPolicyView> Get() => ValueTask.FromResult(new ShopPolicyView
    {
        ShopId = this.GetPrimaryKeyString(),
        Policy = Current,
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
        // Every silo's cache has the new policy before the change is answered.
        await Tell(policy);
        return null;
    }
}
