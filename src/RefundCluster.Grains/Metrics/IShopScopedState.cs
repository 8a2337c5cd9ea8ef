namespace RefundCluster.Grains.Metrics;

/// <summary>
/// Grain state that belongs to a shop. A storage provider that records the shop with the state (ours does) is the
/// shop directory itself: no separate registration write is needed.
/// </summary>
public interface IShopScopedState
{
    string? ShopId { get; }
}
