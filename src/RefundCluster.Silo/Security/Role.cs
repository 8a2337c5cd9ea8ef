namespace RefundCluster.Silo.Security;

/// <summary>What a credential may do. One credential can hold several roles (the development key holds two).</summary>
public enum Role
{
    /// <summary>Sends order, refund and logistics events; optionally only for a list of shops.</summary>
    Integrator,

    /// <summary>Reads one shop's orders, refunds, metrics, risks, live feed and dashboard; nothing else.</summary>
    ShopService,

    /// <summary>Runs the platform: shop policies, metric rebuilds, the leaderboard, the Orleans Dashboard, telemetry.</summary>
    Operator,
}
