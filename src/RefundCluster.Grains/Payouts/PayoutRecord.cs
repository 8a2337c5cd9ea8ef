namespace RefundCluster.Grains.Payouts;

/// <summary>A payout row as stored: the request plus its dispatch progress.</summary>
public sealed record PayoutRecord(
    PayoutRequest Request,
    PayoutStatus Status,
    int Attempts,
    string? GatewayReference,
    string? LastError,
    DateTimeOffset? PaidAt);
