using System.Text.Json;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Changes;
using RefundCluster.Domain.Changes;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Orders;

namespace RefundCluster.Grains.Changes;

/// <summary>
/// Turns the events a write makes true into the changes it records: one per event that integrators see
/// (<see cref="ChangeTypes"/>), each with its entity's version and summary after the write (serialised once per entity;
/// a summary, not the whole view: the log's rows stay small, and the whole view is one GET away).
/// </summary>
public static class ChangeRecorder
{
    public static IReadOnlyList<PendingChange> Of(OrderAggregate entity, IEnumerable<DomainEvent> events)
    {
        List<PendingChange>? changes = null;
        string? orderView = null;
        Dictionary<string, string>? refundViews = null;
        var list = events as IReadOnlyList<DomainEvent> ?? [.. events];
        var modifiedAt = list.Count == 0 ? default : list.Max(e => e.At);
        foreach (var e in list)
        {
            if (ChangeTypes.Of(e) is not { } type)
            {
                continue;
            }

            changes ??= [];
            if (e is RefundChange change && entity.Refund(change.RefundId) is { } refund)
            {
                refundViews ??= new(StringComparer.Ordinal);
                if (!refundViews.TryGetValue(refund.RefundId, out var view))
                {
                    refundViews[refund.RefundId] = view = JsonSerializer.Serialize(new RefundSummary(
                        refund.RefundId, refund.OrderId, refund.ShopId, refund.LineId, refund.Kind, refund.Status, refund.TaobaoStatus,
                        refund.RequestedAmount, refund.RefundedAmount, refund.Outcome, refund.EndedByAutomation, refund.WaitingOn,
                        refund.NextDeadline, refund.Version, refund.FirstReason, refund.RequestedAt, modifiedAt), WireJson.Shared);
                }

                changes.Add(new PendingChange(type, entity.ShopId, entity.OrderId, refund.RefundId, refund.Version, e.At, view));
            }
            else if (e is OrderEvent)
            {
                var order = entity.Order;
                orderView ??= JsonSerializer.Serialize(new OrderSummary(
                    order.OrderId, order.ShopId, order.Status, order.TaobaoStatus, order.PaidAmount, order.RefundedAmount, order.RefundableAmount,
                    order.ShipmentDelayed, order.LogisticsStalled, order.InterceptionNeeded, order.Version,
                    order.Deadlines.IsEmpty ? null : order.Deadlines.Values.Min(), order.PaidAt, modifiedAt), WireJson.Shared);
                changes.Add(new PendingChange(type, entity.ShopId, entity.OrderId, null, entity.Order.Version, e.At, orderView));
            }
        }

        return changes ?? (IReadOnlyList<PendingChange>)[];
    }
}
