using RefundCluster.Domain.Policies;

namespace RefundCluster.Grains.Shops;

/// <summary>The shop policy grain as the silos' caches see it.</summary>
public interface IShopPolicySource : IGrainWithStringKey
{
    /// <summary>The current policy; the watcher is told of every change from now on, before the change is answered.</summary>
    ValueTask<ShopPolicy> Watch(IShopPolicyWatcher watcher);
}
