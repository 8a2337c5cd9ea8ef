using Microsoft.Extensions.Options;

namespace RefundCluster.Grains.Payouts;

/// <summary>A stand-in payment provider with injectable failures, lost acknowledgements and latency.</summary>
public sealed class SimulatedPaymentGateway(IGatewayLedger ledger, IOptionsMonitor<SimulatedGatewayOptions> options) : IPaymentGateway
{
    public async Task<string> Pay(PayoutRequest payout, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        await Task.Delay(o.Latency, cancellationToken);
        if (Random.Shared.NextDouble() < o.FailureRate)
        {
            throw new PaymentGatewayException($"simulated failure paying {payout.Key}");
        }

        var reference = await ledger.PayOnce(payout);
        if (Random.Shared.NextDouble() < o.LostAckRate)
        {
            throw new PaymentGatewayException($"simulated lost acknowledgement for {payout.Key} (paid as {reference})");
        }

        return reference;
    }
}
