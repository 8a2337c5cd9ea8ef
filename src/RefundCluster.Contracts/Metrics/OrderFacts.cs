using System.Collections.Immutable;
using RefundCluster.Domain.Metrics;

namespace RefundCluster.Contracts.Metrics;

/// <summary>What the shop metrics count about one order and each of its refunds, read in one call.</summary>
[GenerateSerializer, Immutable, Alias("shop.order_facts")]
public sealed record OrderFacts([property: Id(0)] OrderFact Order, [property: Id(1)] ImmutableArray<RefundFact> Refunds);
