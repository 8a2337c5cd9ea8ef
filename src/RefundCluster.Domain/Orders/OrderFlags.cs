namespace RefundCluster.Domain.Orders;

/// <param name="FreightInsurance">运费险: the platform requests interception itself for in-transit refunds.</param>
/// <param name="WarehouseManaged">菜鸟仓: the warehouse can intercept, enabling 仓拦截0秒退.</param>
public sealed record OrderFlags(SpecialCategory SpecialCategory = SpecialCategory.None, bool FreightInsurance = false, bool WarehouseManaged = false)
{
    public static OrderFlags None { get; } = new();
}
