using System.Collections.Immutable;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Grains.Mapping;

/// <summary>Domain state → the serializable views clients read.</summary>
public static class ViewMapper
{
    public static OrderView ToView(this OrderState o) => new()
    {
        OrderId = o.OrderId, ShopId = o.ShopId, BuyerId = o.BuyerId, Status = o.Status,
        Lines = [.. o.Lines.Select(l => new OrderLineDto(l.Sku, l.Quantity, l.UnitPrice))],
        PaidAmount = o.PaidAmount, RefundedAmount = o.RefundedAmount, ReservedAmount = o.ReservedAmount,
        RefundableAmount = o.RefundableAmount, PaidAt = o.PaidAt, ShippedAt = o.ShippedAt, DeliveredAt = o.DeliveredAt,
        CompletedAt = o.CompletedAt, TrackingNumber = o.TrackingNumber, SpecialCategory = o.Flags.SpecialCategory,
        FreightInsurance = o.Flags.FreightInsurance, WarehouseManaged = o.Flags.WarehouseManaged,
        OutForDelivery = o.OutForDelivery, ShipmentDelayed = o.ShipmentDelayed, LogisticsStalled = o.LogisticsStalled,
        Deadlines = ToViews(o.Deadlines), History = ToViews(o.History), Version = o.History.Count,
    };

    public static RefundView ToView(this RefundState r) => new()
    {
        RefundId = r.RefundId, OrderId = r.OrderId, ShopId = r.ShopId, BuyerId = r.BuyerId, RefundKind = r.Kind,
        Scenario = r.Scenario, Status = r.Status, TaobaoStatus = r.TaobaoStatus, InterventionStage = r.Intervention,
        RequestedAmount = r.RequestedAmount, RefundedAmount = r.RefundedAmount, FirstReason = r.FirstReason,
        CurrentReason = r.CurrentReason, FiledBy = r.FiledBy, RequestedAt = r.RequestedAt, EndedAt = r.EndedAt,
        Outcome = r.Outcome, EndedBy = r.EndedBy, Automation = r.EndedByAutomation, ZeroSecond = r.ZeroSecond,
        PayoutKey = r.PayoutKey, Interception = r.Interception,
        PendingOffer = r.PendingOffer is { } offer ? new OfferView(offer.Kind, offer.Amount, offer.Note) : null,
        ReturnAddress = r.ReturnAddress, ReturnTrackingNumber = r.ReturnTrackingNumber, WarehouseReceived = r.WarehouseReceived,
        RefusalReason = r.RefusalReason, DisputeRaised = r.DisputeRaised, JudgmentWinner = r.JudgmentWinner,
        MerchantResponsible = r.MerchantResponsible, JudgmentOverdue = r.JudgmentOverdue, Appealed = r.Appealed,
        AppealWindowClosed = r.AppealWindowClosed, WaitingOn = r.WaitingOn, NextDeadline = r.NextDeadline,
        Deadlines = ToViews(r.Deadlines), History = ToViews(r.History), Version = r.Version,
    };

    private static ImmutableArray<DeadlineView> ToViews(ImmutableDictionary<DeadlineKind, DateTimeOffset> deadlines) =>
        [.. deadlines.OrderBy(d => d.Value).Select(d => new DeadlineView(d.Key, d.Value))];

    private static ImmutableArray<HistoryEntryView> ToViews(IEnumerable<HistoryEntry> history) =>
        [.. history.Select(HistoryEntryView.From)];
}
