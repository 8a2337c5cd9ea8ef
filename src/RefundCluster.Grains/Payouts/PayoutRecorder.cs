using RefundCluster.Grains.Storage;

namespace RefundCluster.Grains.Payouts;

/// <summary>
/// Records payouts for all refund grains of a silo, many per database round trip (group commit), and tells the
/// local dispatcher there is work.
/// </summary>
public sealed class PayoutRecorder
{
    private readonly BatchWriter<PayoutRequest> _writer;
    private readonly PayoutSignal _signal;

    public PayoutRecorder(IPayoutStore store, PayoutSignal signal)
    {
        _signal = signal;
        _writer = new BatchWriter<PayoutRequest>(store.Record, maxBatch: 500);
    }

    /// <summary>Returns once the payout row is durable.</summary>
    public async Task Record(PayoutRequest payout)
    {
        await _writer.Write(payout);
        _signal.Notify();
    }
}
