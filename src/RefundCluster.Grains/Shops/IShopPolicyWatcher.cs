using Orleans.Concurrency;
using RefundCluster.Domain.Policies;

namespace RefundCluster.Grains.Shops;

/// <summary>A silo's policy cache, told by a shop's policy grain when the policy changes (a grain observer).</summary>
public interface IShopPolicyWatcher : IGrainObserver
{
    /// <summary>The shop's new policy: awaited, so that a change is answered only once every silo has it.</summary>
    Task Changed(string shopId, ShopPolicy policy);

    /// <summary>Forget the shop's policy: its grain is going away and will not tell of later changes.</summary>
    [OneWay]
    Task Forget(string shopId);
}
