using Microsoft.Extensions.DependencyInjection;
using RefundCluster.Domain.Policies;
using RefundCluster.Grains.Shops;

namespace RefundCluster.Cluster.Tests;

/// <summary>
/// Every silo caches shop policies; a change is answered only once every silo that read the policy holds the new one,
/// so the very next event on any silo is decided under it.
/// </summary>
public sealed class ShopPolicyCacheTests(TwoSiloClusterFixture fx) : IClassFixture<TwoSiloClusterFixture>
{
    [Fact]
    public async Task A_policy_change_is_in_every_silos_cache_before_it_is_answered()
    {
        var shopId = $"shop-cache-{Guid.NewGuid():N}";
        var caches = fx.Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<ShopPolicyCache>()).ToList();
        Assert.Equal(2, caches.Count);
        foreach (var cache in caches)
        {
            Assert.Equal(ShopPolicy.PlatformDefault.ZeroSecondRefund, (await cache.Get(shopId)).ZeroSecondRefund);
        }

        var raised = ShopPolicy.PlatformDefault with { ZeroSecondRefund = new AmountCapRule(true, 777m) };
        Assert.Null(await fx.Grains.GetGrain<Contracts.Grains.IShopPolicyGrain>(shopId).Set(raised, "tests"));

        // No waiting: both silos were told before Set answered.
        foreach (var cache in caches)
        {
            Assert.Equal(777m, (await cache.Get(shopId)).ZeroSecondRefund.Cap);
        }
    }

    [Fact]
    public async Task A_silo_that_never_read_a_policy_fetches_the_current_one()
    {
        var shopId = $"shop-cache-{Guid.NewGuid():N}";
        var lowered = ShopPolicy.PlatformDefault with { ZeroSecondRefund = new AmountCapRule(true, 5m) };
        Assert.Null(await fx.Grains.GetGrain<Contracts.Grains.IShopPolicyGrain>(shopId).Set(lowered, "tests"));

        foreach (var silo in fx.Cluster.Silos)
        {
            Assert.Equal(5m, (await silo.ServiceProvider.GetRequiredService<ShopPolicyCache>().Get(shopId)).ZeroSecondRefund.Cap);
        }
    }
}
