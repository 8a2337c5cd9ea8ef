namespace RefundCluster.Grains.Payouts;

/// <summary>The gateway's acknowledgement of one payout, to be marked on its row.</summary>
public sealed record PaidPayout(string Key, string GatewayReference, DateTimeOffset At);
