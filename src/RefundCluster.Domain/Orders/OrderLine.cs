namespace RefundCluster.Domain.Orders;

public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);
