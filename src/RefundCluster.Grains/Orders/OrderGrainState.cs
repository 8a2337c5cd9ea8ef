using RefundCluster.Domain.Orders;

namespace RefundCluster.Grains.Orders;

public sealed class OrderGrainState : EntityGrainState<OrderState>;
