using System.Text.Json;
using RefundCluster.Contracts.Changes;

namespace RefundCluster.Client;

/// <summary>A change's view, typed: a refund's summary for refund changes, an order's for order changes.</summary>
public static class ChangeViews
{
    /// <summary>The refund after the change; null for an order's change.</summary>
    public static RefundSummary? Refund(this ChangeDocument change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.RefundId is null ? null : change.View.Deserialize<RefundSummary>(ClientJson.Read);
    }

    /// <summary>The order after the change; null for a refund's change.</summary>
    public static OrderSummary? Order(this ChangeDocument change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.RefundId is not null ? null : change.View.Deserialize<OrderSummary>(ClientJson.Read);
    }
}
