using RefundCluster.Domain.Refunds;

namespace RefundCluster.Contracts.Views;

[GenerateSerializer, Immutable, Alias("offer.view")]
public sealed record OfferView([property: Id(0)] OfferKind Kind, [property: Id(1)] decimal Amount, [property: Id(2)] string? Note);
