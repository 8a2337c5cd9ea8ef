using RefundCluster.Contracts.Views;

namespace RefundCluster.Client;

/// <summary>A whole batch's answer, one item per event sent, in the order sent, however many requests it took.</summary>
public sealed record BatchSendResult(IReadOnlyList<BatchItemResult> Items)
{
    public int Accepted => Items.Count(i => i.Status == OutcomeStatus.Accepted);

    public int Duplicates => Items.Count(i => i.Status == OutcomeStatus.Duplicate);

    public int Rejected => Items.Count(i => i.Status == OutcomeStatus.Rejected);

    /// <summary>Rounds it took: one per split, and one per resend of refused items (a request retried as a whole counts once).</summary>
    public int Requests { get; init; }
}
