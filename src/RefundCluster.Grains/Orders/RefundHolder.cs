namespace RefundCluster.Grains.Orders;

/// <summary>The order that holds a refund, and that order's shop (so that a caller's shop scope can be checked without asking it).</summary>
public sealed record RefundHolder(string OrderId, string ShopId);
