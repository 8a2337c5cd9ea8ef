using System.Text.Json.Serialization;
using RefundCluster.Domain.Orders;
using RefundCluster.Grains.Metrics;

namespace RefundCluster.Grains.Orders;

public sealed class OrderGrainState : EntityGrainState<OrderState>, IShopScopedState
{
    [JsonIgnore]
    public string? ShopId => Entity?.ShopId;
}
