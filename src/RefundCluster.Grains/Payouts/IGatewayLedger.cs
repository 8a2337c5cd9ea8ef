namespace RefundCluster.Grains.Payouts;

/// <summary>
/// The simulated gateway's own books: which keys it paid, and how often it was asked. Shared by all silos (in
/// PostgreSQL in durable mode), as a real provider's books are, so that audits can check each key was paid once.
/// </summary>
public interface IGatewayLedger
{
    /// <summary>Pays the key if it was not paid yet; returns the reference of the (first) payment.</summary>
    Task<string> PayOnce(PayoutRequest payout);
}
