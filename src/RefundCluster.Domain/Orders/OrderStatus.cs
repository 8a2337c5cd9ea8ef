namespace RefundCluster.Domain.Orders;

public enum OrderStatus
{
    Paid,
    Shipped,
    Delivered,
    /// <summary>交易成功.</summary>
    Completed,
    /// <summary>Fully refunded, at any stage (TOP <c>TRADE_CLOSED</c>).</summary>
    Closed,
}
