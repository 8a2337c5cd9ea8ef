using System.Collections.Immutable;
using RefundCluster.Domain.Orders;

namespace RefundCluster.Contracts.Lists;

/// <summary>What a shop's order list is asked for: orders in any of <see cref="Statuses"/> (empty: all), changed at or after <see cref="ModifiedSince"/>, in <see cref="Sort"/> order, after the cursor <see cref="After"/>.</summary>
[GenerateSerializer, Immutable, Alias("list.order_query")]
public sealed record OrderListQuery(
    [property: Id(0)] ImmutableArray<OrderStatus> Statuses,
    [property: Id(1)] DateTimeOffset? ModifiedSince,
    [property: Id(2)] ListSort Sort,
    [property: Id(3)] string? After,
    [property: Id(4)] int Limit);
