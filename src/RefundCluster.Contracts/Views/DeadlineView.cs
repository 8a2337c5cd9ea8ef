using RefundCluster.Domain.Common;

namespace RefundCluster.Contracts.Views;

/// <summary>A pending timer: what happens at <see cref="Due"/> unless the refund moves on first.</summary>
[GenerateSerializer, Immutable, Alias("deadline")]
public sealed record DeadlineView([property: Id(0)] DeadlineKind Kind, [property: Id(1)] DateTimeOffset Due);
