namespace RefundCluster.Domain.Orders;

/// <summary>One line (sub-order, TOP <c>oid</c>) of an order.</summary>
/// <param name="LineId">The line's id; when an integrator gives none, its position ("1", "2" ...).</param>
public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice, string? LineId = null)
{
    /// <summary>List price of the line before the order's discounts.</summary>
    public decimal Gross => Quantity * UnitPrice;
}
