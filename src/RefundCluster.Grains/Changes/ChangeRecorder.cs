using System.Text.Json;
using RefundCluster.Contracts;
using RefundCluster.Domain.Changes;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Orders;
using RefundCluster.Grains.Mapping;

namespace RefundCluster.Grains.Changes;

/// <summary>
/// Turns the events a write makes true into the changes it records: one per event that integrators see
/// (<see cref="ChangeTypes"/>), each with its entity's version and view after the write (serialised once per entity,
/// without the history: the log is the history).
/// </summary>
public static class ChangeRecorder
{
    public static IReadOnlyList<PendingChange> Of(OrderAggregate entity, IEnumerable<DomainEvent> events)
    {
        List<PendingChange>? changes = null;
        string? orderView = null;
        Dictionary<string, string>? refundViews = null;
        foreach (var e in events)
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
                    refundViews[refund.RefundId] = view = JsonSerializer.Serialize(refund.ToView(history: false), WireJson.Shared);
                }

                changes.Add(new PendingChange(type, entity.ShopId, entity.OrderId, refund.RefundId, refund.Version, e.At, view));
            }
            else if (e is OrderEvent)
            {
                orderView ??= JsonSerializer.Serialize(entity.ToView(history: false), WireJson.Shared);
                changes.Add(new PendingChange(type, entity.ShopId, entity.OrderId, null, entity.Order.Version, e.At, orderView));
            }
        }

        return changes ?? (IReadOnlyList<PendingChange>)[];
    }
}
