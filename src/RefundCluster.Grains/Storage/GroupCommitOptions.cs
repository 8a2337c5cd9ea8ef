namespace RefundCluster.Grains.Storage;

/// <summary>How a <see cref="GroupCommit{TItem}"/> forms its batches.</summary>
public sealed record GroupCommitOptions<TItem>
{
    /// <summary>The most items one batch carries; more wait for the next.</summary>
    public int MaxBatch { get; init; } = 500;

    /// <summary>
    /// A batch that would go with fewer than <see cref="LingerBelow"/> items waits this long once for more: under
    /// moderate load, a few milliseconds turn one commit per item into one per dozens. Zero: no waiting.
    /// </summary>
    public TimeSpan Linger { get; init; }

    public int LingerBelow { get; init; } = 64;

    /// <summary>
    /// Items with equal keys never share a batch (the second waits for the next), so that each sees the effect of the
    /// one before (two writes of one row in one statement would conflict). Null: no such rule.
    /// </summary>
    public Func<TItem, object>? KeyOf { get; init; }

    /// <summary>
    /// Whether a batch's failure may be one item's own (the database refused a statement for the data it carried)
    /// rather than the way's (a lost connection, a full queue): the batch is then run again in halves, so the item fails
    /// alone. Null: a failure fails the whole batch, as retrying cannot help.
    /// </summary>
    public Func<Exception, bool>? SplitOn { get; init; }
}
