namespace RefundCluster.Grains.Recording;

/// <summary>
/// A grain state with inputs to record: a storage that records changes with the state
/// (<see cref="Payouts.GrainStorageOutbox.RecordsChanges"/>) writes these in the same transaction too, so the recording
/// holds exactly the inputs whose effects are stored.
/// </summary>
public interface IRecordingOutboxState
{
    IReadOnlyList<PendingInput> InputsToRecord { get; }
}
