namespace RefundCluster.Grains.Payouts;

/// <summary>
/// The payment provider. Like real refund APIs it takes an idempotency key: paying the same key again returns the
/// first payment's reference instead of paying twice.
/// </summary>
public interface IPaymentGateway
{
    /// <returns>The gateway's reference for the payment.</returns>
    Task<string> Pay(PayoutRequest payout, CancellationToken cancellationToken);
}
