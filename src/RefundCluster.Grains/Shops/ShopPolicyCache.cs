using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using RefundCluster.Domain.Policies;

namespace RefundCluster.Grains.Shops;

/// <summary>
/// Every shop's policy as this silo last heard it, so that deciding an event costs no call to the policy grain. The
/// grain tells every watching silo of a change before it answers the change, so the very next event anywhere in the
/// cluster is decided under the new policy. Should a policy grain die with its silo (no farewell), an entry is
/// still fetched again after <see cref="MaxAge"/>.
/// </summary>
public sealed class ShopPolicyCache(IServiceProvider services) : IShopPolicyWatcher
{
    /// <summary>Real time after which an entry is fetched again even though no change was heard of.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Entry> _policies = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock = TimeProvider.System;
    private IShopPolicyWatcher? _self;

    /// <summary>Counts the changes heard, so that a fetch overtaken by a change does not overwrite it.</summary>
    private long _generation;

    public async ValueTask<ShopPolicy> Get(string shopId)
    {
        var now = _clock.GetTimestamp();
        if (_policies.TryGetValue(shopId, out var cached) && _clock.GetElapsedTime(cached.FetchedAt, now) < MaxAge)
        {
            return cached.Policy;
        }

        var grains = services.GetRequiredService<IGrainFactory>();
        // An object reference cannot be made from a grain's context: made once, on the thread pool.
        _self ??= await Task.Run(() => grains.CreateObjectReference<IShopPolicyWatcher>(this));
        var generation = Volatile.Read(ref _generation);
        var policy = await grains.GetGrain<IShopPolicySource>(shopId).Watch(_self);
        // A change heard while this fetch was in flight may be newer than what it returned: keep the change.
        if (Volatile.Read(ref _generation) == generation)
        {
            _policies[shopId] = new Entry(policy, now);
        }

        return policy;
    }

    public Task Changed(string shopId, ShopPolicy policy)
    {
        Interlocked.Increment(ref _generation);
        _policies[shopId] = new Entry(policy, _clock.GetTimestamp());
        return Task.CompletedTask;
    }

    public Task Forget(string shopId)
    {
        Interlocked.Increment(ref _generation);
        _policies.TryRemove(shopId, out _);
        return Task.CompletedTask;
    }

    private sealed record Entry(ShopPolicy Policy, long FetchedAt);
}
