using System.Collections.Immutable;
using RefundCluster.Domain.Metrics;

namespace RefundCluster.Grains.Metrics;

/// <summary>What an order grain publishes after a transition: the facts of the order and of its refunds that changed.</summary>
public readonly record struct ShopFactChange(ImmutableArray<RefundFact> Refunds, OrderFact? Order);
