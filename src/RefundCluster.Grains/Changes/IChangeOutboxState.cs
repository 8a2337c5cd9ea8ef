namespace RefundCluster.Grains.Changes;

/// <summary>
/// A grain state with changes to record: a storage that supports it (<see cref="Payouts.GrainStorageOutbox.RecordsChanges"/>)
/// writes them in the same transaction as the state, so there is no change without its state and no state without its
/// changes.
/// </summary>
public interface IChangeOutboxState
{
    IReadOnlyList<PendingChange> ChangesToRecord { get; }
}
