namespace RefundCluster.Grains.Metrics;

/// <summary>
/// Which orders and refunds belong to a shop: written once, before an entity's first state write, so that a shop's
/// metrics can always be rebuilt from the entities themselves, whatever the stream lost.
/// </summary>
public interface IShopDirectory
{
    /// <summary>True when the grain storage records each entity's shop with its state: no registration is needed.</summary>
    bool FollowsGrainState => false;

    /// <summary>Idempotent.</summary>
    Task Register(string shopId, ShopEntityKind kind, string entityId);

    Task<IReadOnlyList<string>> List(string shopId, ShopEntityKind kind, CancellationToken cancellationToken = default);
}
