using System.Collections.Immutable;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Contracts.Lists;

/// <summary>
/// What a shop's refund list is asked for: the refunds in any of <see cref="Statuses"/> (empty: all), of any of
/// <see cref="Kinds"/>, with a first reason in <see cref="Reasons"/>, changed at or after <see cref="ModifiedSince"/>,
/// in <see cref="Sort"/> order, after the page cursor <see cref="After"/>, at most <see cref="Limit"/> of them.
/// </summary>
[GenerateSerializer, Immutable, Alias("list.refund_query")]
public sealed record RefundListQuery(
    [property: Id(0)] ImmutableArray<RefundStatus> Statuses,
    [property: Id(1)] ImmutableArray<RefundKind> Kinds,
    [property: Id(2)] ImmutableArray<RefundReason> Reasons,
    [property: Id(3)] DateTimeOffset? ModifiedSince,
    [property: Id(4)] ListSort Sort,
    [property: Id(5)] string? After,
    [property: Id(6)] int Limit);
