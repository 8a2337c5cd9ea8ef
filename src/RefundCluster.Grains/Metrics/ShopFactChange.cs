using RefundCluster.Domain.Metrics;

namespace RefundCluster.Grains.Metrics;

/// <summary>What an entity grain publishes after a transition: exactly one of the two facts.</summary>
public readonly record struct ShopFactChange(RefundFact? Refund, OrderFact? Order);
