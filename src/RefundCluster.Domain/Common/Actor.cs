namespace RefundCluster.Domain.Common;

/// <summary>Who caused a transition; kept in every history entry.</summary>
public enum Actor
{
    Buyer,
    Seller,
    Platform,
    Logistics,
    Warehouse,
    /// <summary>A customer-service agent filing on the buyer's behalf (代客售后).</summary>
    Agent,
    /// <summary>A shop automation policy or a platform timer acting on its own.</summary>
    System,
}
