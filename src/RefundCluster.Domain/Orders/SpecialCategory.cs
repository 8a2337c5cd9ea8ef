namespace RefundCluster.Domain.Orders;

/// <summary>Goods for which the seller may refuse an in-transit refund-only request.</summary>
public enum SpecialCategory
{
    None,
    Virtual,
    CustomMade,
    LargeItem,
    Fresh,
    CrossBorder,
}
