namespace RefundCluster.Domain.Orders;

public enum OrderStatus
{
    Paid,
    Shipped,
    Delivered,
    /// <summary>交易成功.</summary>
    Completed,
    /// <summary>Fully refunded before shipment.</summary>
    Closed,
}
