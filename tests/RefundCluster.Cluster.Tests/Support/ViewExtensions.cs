namespace RefundCluster.Cluster.Tests.Support;

public static class ViewExtensions
{
    public const string RefundExecuted = "refund_executed";

    public static HistoryEntryView[] Entries(this RefundView view, string action) => [.. view.History.Where(h => h.Action == action)];

    /// <summary>The one payout of a refund; fails if it was paid out zero or several times.</summary>
    public static HistoryEntryView SinglePayout(this RefundView view) => Assert.Single(view.Entries(RefundExecuted));

    public static bool HasExpired(this RefundView view, DeadlineKind kind) =>
        view.History.Any(h => h.Action == "deadline_expired" && h.Detail == kind.ToString());

    public static DeadlineView Deadline(this RefundView view, DeadlineKind kind) => Assert.Single(view.Deadlines, d => d.Kind == kind);

    /// <summary>Money invariant of docs/domain.md: refunded + reserved never exceeds paid.</summary>
    public static void AssertMoneyInvariant(this OrderView order)
    {
        Assert.True(order.RefundedAmount + order.ReservedAmount <= order.PaidAmount,
            $"refunded {order.RefundedAmount} + reserved {order.ReservedAmount} exceeds paid {order.PaidAmount}");
        Assert.Equal(order.PaidAmount - order.RefundedAmount - order.ReservedAmount, order.RefundableAmount);
    }
}
