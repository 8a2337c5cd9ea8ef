using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Policies;

namespace RefundCluster.Grains.Shops;

public sealed class ShopPolicyGrainState
{
    /// <summary>Null while the shop runs on the platform defaults.</summary>
    public ShopPolicy? Policy { get; set; }
    public int Version { get; set; }
    public List<PolicyChangeView> Changes { get; set; } = [];
}
