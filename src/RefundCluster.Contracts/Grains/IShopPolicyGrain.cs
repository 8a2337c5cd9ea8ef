using Orleans.Concurrency;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Policies;

namespace RefundCluster.Contracts.Grains;

/// <summary>One shop's automation policy, keyed by shop id; the platform default until the shop changes it.</summary>
[Alias("RefundCluster.IShopPolicyGrain")]
public interface IShopPolicyGrain : IGrainWithStringKey
{
    [Alias("get")]
    [ReadOnly]
    ValueTask<ShopPolicyView> Get();

    /// <summary>Replaces the policy; an invalid one is refused with <c>policy.invalid</c> and changes nothing.</summary>
    [Alias("set")]
    ValueTask<EventError?> Set(ShopPolicy policy, string changedBy);
}
