namespace RefundCluster.Grains.Changes;

/// <summary>
/// A reader asked for changes after a cursor the embedded mode's in-memory log has dropped past
/// (<see cref="ChangeLogOptions.MemoryCapacity"/>): reading on would skip changes without saying so.
/// </summary>
public sealed class ChangesDroppedException(long after, long oldest)
    : Exception($"The change log keeps changes from cursor {oldest} on; those after {after} before it were dropped.")
{
    public long After { get; } = after;

    /// <summary>The oldest cursor the log still holds.</summary>
    public long Oldest { get; } = oldest;
}
