using System.Collections.Immutable;

namespace RefundCluster.Silo.Security;

/// <summary>
/// A caller as the API knows it once its key checked out: who (the id, recorded in histories), what it may do, and
/// which shops it is limited to. An empty shop list means every shop (an integrator or an operator).
/// </summary>
public sealed record ApiCredential(string Id, ImmutableHashSet<Role> Roles, ImmutableHashSet<string> Shops, double? RequestsPerSecond = null)
{
    /// <summary>The shops as an event carries them to the grains (empty: every shop); made once, not per event.</summary>
    public ImmutableArray<string> ShopScope { get; } = [.. Shops];

    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>Whether this credential may send events about the shop.</summary>
    public bool MayWrite(string shopId) => Has(Role.Integrator) && (Shops.IsEmpty || Shops.Contains(shopId));

    /// <summary>
    /// The shops whose changes this credential may follow: null for every shop (an operator, an integrator limited to
    /// to no particular shop), else its shops (a shop service, a limited integrator).
    /// </summary>
    public ImmutableHashSet<string>? FollowedShops => Has(Role.Operator) || (Has(Role.Integrator) && Shops.IsEmpty) ? null : Shops;

    /// <summary>Operators read every shop; a shop service only its own.</summary>
    public bool MayRead(string shopId) => Has(Role.Operator) || (Has(Role.ShopService) && Shops.Contains(shopId));
}
