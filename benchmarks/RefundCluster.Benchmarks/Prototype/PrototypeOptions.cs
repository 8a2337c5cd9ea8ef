namespace RefundCluster.Benchmarks.Prototype;

/// <summary>Knobs of the prototype shard (set from the command line).</summary>
public sealed class PrototypeOptions
{
    /// <summary>Sliding window and unawaited removals (true), or the original's batch loop with only the timer fix (false).</summary>
    public bool Pipelined { get; init; } = true;

    /// <summary>How long an acknowledged entry's removal waits to share a write with others; zero writes at once.</summary>
    public TimeSpan RemovalLinger { get; init; }
}
