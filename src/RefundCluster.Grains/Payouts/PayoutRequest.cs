namespace RefundCluster.Grains.Payouts;

/// <summary>
/// Money a refund decided to send back. <see cref="Key"/> is derived from the refund and its decision (one payout
/// per refund), so recording it twice is recording it once.
/// </summary>
public sealed record PayoutRequest(string Key, string RefundId, string OrderId, string ShopId, decimal Amount, DateTimeOffset DecidedAt);
