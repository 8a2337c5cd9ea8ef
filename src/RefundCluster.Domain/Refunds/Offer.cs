namespace RefundCluster.Domain.Refunds;

/// <param name="Amount">Refund amount for a partial refund, coupon value for a coupon; zero otherwise.</param>
/// <param name="Note">What the gift is, or any other word to the buyer.</param>
public sealed record Offer(OfferKind Kind, decimal Amount, string? Note);
