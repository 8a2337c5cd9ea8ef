namespace RefundCluster.Grains.Recording;

/// <summary>
/// The inputs the cluster accepted, per shop, as JSON lines (<see cref="Contracts.Recording.RecordedInput"/>): in
/// PostgreSQL in durable mode (written by the statement that writes the states), in this process's memory in the
/// embedded mode.
/// </summary>
public interface IRecording
{
    /// <summary>Stores lines whose state is stored (storages that cannot write them with the state).</summary>
    void Append(IReadOnlyList<PendingInput> inputs);

    /// <summary>
    /// The lines of the shop's orders whose first line is in [<paramref name="from"/>, <paramref name="to"/>), each
    /// order's lines up to <paramref name="to"/> in the order they were accepted, one order after another.
    /// </summary>
    IAsyncEnumerable<string> Read(string shopId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancel);

    /// <summary>Deletes lines older than <paramref name="before"/>; returns how many.</summary>
    Task<long> Forget(DateTimeOffset before, CancellationToken cancel);
}
