namespace RefundCluster.Grains.Metrics;

public enum ShopEntityKind
{
    Order = 1,
    Refund = 2,
}
