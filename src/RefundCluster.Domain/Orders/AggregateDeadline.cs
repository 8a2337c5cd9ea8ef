using RefundCluster.Domain.Common;

namespace RefundCluster.Domain.Orders;

/// <summary>One deadline of an <see cref="OrderAggregate"/>: the order's own (<see cref="RefundId"/> null) or a refund's.</summary>
public readonly record struct AggregateDeadline(string? RefundId, DeadlineKind Kind);
