using RefundCluster.Domain.Common;

namespace RefundCluster.Contracts.Recording;

/// <summary>A deadline of an order (<see cref="RefundId"/> null) or of one of its refunds that fell due at <see cref="Due"/> and fired.</summary>
public sealed record RecordedFiring(string? RefundId, DeadlineKind Kind, DateTimeOffset Due);
