namespace RefundCluster.Grains.Payouts;

/// <summary>
/// A grain state with payouts to record (a transactional outbox): a grain storage that supports it
/// (<see cref="PayoutRecorder.RecordedWithState"/>) inserts the payout rows in the same transaction as the state, so a
/// refund never ends refunded without its payout row, nor has a payout row without its ending.
/// </summary>
public interface IPayoutOutboxState
{
    IReadOnlyList<PayoutRequest> PayoutsToRecord { get; }
}
