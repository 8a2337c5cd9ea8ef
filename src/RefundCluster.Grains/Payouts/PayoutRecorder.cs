using RefundCluster.Grains.Storage;
using RefundCluster.Grains.Telemetry;

namespace RefundCluster.Grains.Payouts;

/// <summary>
/// How order grains get their refunds' payouts recorded. Where the grain storage records a payout in the same
/// transaction as the refund's ending (<see cref="RecordedWithState"/>: PostgreSQL), the storage hands the committed rows to
/// <see cref="Recorded"/>; elsewhere (memory) the grain records them here, many per round trip (group commit). Either
/// way the local dispatcher is handed the new rows at once, so it pays them without polling or leasing them.
/// </summary>
public sealed class PayoutRecorder
{
    private readonly GroupCommitWriter<PayoutRequest> _writer;
    private readonly PayoutSignal _signal;

    public PayoutRecorder(IPayoutStore store, PayoutSignal signal, GrainStorageOutbox outbox)
    {
        _signal = signal;
        RecordedWithState = outbox.RecordsPayouts;
        _writer = new GroupCommitWriter<PayoutRequest>(store.Record);
    }

    /// <summary>The grain storage records a state's <see cref="IPayoutOutboxState.PayoutsToRecord"/> with the state.</summary>
    public bool RecordedWithState { get; }

    /// <summary>Returns once the payout row is durable.</summary>
    public async Task Record(PayoutRequest payout)
    {
        await _writer.Write(payout);
        Recorded([payout]);
    }

    /// <summary>Rows just committed by this silo: the local dispatcher pays them next.</summary>
    public void Recorded(IReadOnlyCollection<PayoutRequest> payouts)
    {
        RefundClusterMeter.PayoutsRecorded.Add(payouts.Count);
        _signal.Notify(payouts);
    }
}
