using System.Collections.Immutable;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Policies;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Grains.Mapping;

/// <summary>Domain state → the serializable views clients read.</summary>
public static class ViewMapper
{
    /// <summary>The order with the list of its refunds.</summary>
    public static OrderView ToView(this OrderAggregate a) => a.Order.ToView() with
    {
        Refunds = [.. a.Refunds.Values.OrderBy(r => r.RequestedAt).ThenBy(r => r.RefundId, StringComparer.Ordinal)
            .Select(r => new OrderRefundView(r.RefundId, r.Kind, r.Status, r.TaobaoStatus, r.RequestedAmount, r.RefundedAmount, r.RequestedAt, r.LineId))],
    };

    public static OrderView ToView(this OrderState o) => new()
    {
        OrderId = o.OrderId, ShopId = o.ShopId, BuyerId = o.BuyerId, Status = o.Status,
        Lines = [.. o.Lines.Select(l => LineView(o, l))],
        PaidAmount = o.PaidAmount, RefundedAmount = o.RefundedAmount, ReservedAmount = o.ReservedAmount,
        RefundableAmount = o.RefundableAmount, PaidAt = o.PaidAt, ShippedAt = o.ShippedAt, DeliveredAt = o.DeliveredAt,
        CompletedAt = o.CompletedAt, TrackingNumber = o.TrackingNumber, SpecialCategory = o.Flags.SpecialCategory,
        FreightInsurance = o.Flags.FreightInsurance, WarehouseManaged = o.Flags.WarehouseManaged,
        OutForDelivery = o.OutForDelivery, ShipmentDelayed = o.ShipmentDelayed, LogisticsStalled = o.LogisticsStalled,
        Deadlines = ToViews(o.Deadlines), History = ToViews(o.History), Version = o.History.Count,
        TaobaoStatus = o.TaobaoStatus, InterceptionNeeded = o.InterceptionNeeded,
    };

    /// <summary>One refund of the order, with what may be done to it now and its TOP fields (which need the order).</summary>
    public static RefundView? RefundView(this OrderAggregate a, string refundId, DateTimeOffset now, ShopPolicy policy)
    {
        if (a.Refund(refundId) is not { } r)
        {
            return null;
        }

        var order = a.Order.Snapshot(refundId);
        return r.ToView() with
        {
            AllowedOperations = RefundOperations.Allowed(r, order, now, policy),
            Taobao = new TaobaoRefundView
            {
                Status = r.TaobaoStatus, GoodStatus = r.TaobaoGoodStatus, HasGoodReturn = r.HasGoodReturn, RefundPhase = r.TaobaoRefundPhase,
                OrderStatus = a.Order.TaobaoStatus, CsStatus = r.TaobaoCsStatus, OperationConstraint = RefundOperations.Constraint(r, order, now, policy),
                Payment = a.Order.PaidAmount, RefundVersion = r.Version,
                SpecialRefundType = r.Kind == RefundKind.PriceDifference ? "priceprotect" : null,
            },
        };
    }

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
        Deadlines = ToViews(r.Deadlines), History = ToViews(r.History), Version = r.Version, SalePhase = r.SalePhase,
        AwardedAmount = r.AwardedAmount, InterventionRequestedBy = r.InterventionRequestedBy, DisputeRaisedAt = r.DisputeRaisedAt,
        AppealUpheld = r.AppealUpheld, LineId = r.LineId, Quantity = r.Quantity,
        FraudSignals = [.. r.FraudSignals],
        Settlement = new RefundSettlementView(r.RefundedAmount, r.HasGoodReturn, r.ReturnPostagePayer, r.Kind is RefundKind.Exchange or RefundKind.Reship), ReplacementTrackingNumber = r.ReplacementTrackingNumber, ReplacementOverdue = r.ReplacementOverdue, Messages = [.. r.Messages.Select(m => new RefundMessageView(m.At, m.Owner, m.Content, m.PictureUrls))],
    };

    private static OrderLineView LineView(OrderState o, OrderLine l)
    {
        var id = l.LineId ?? "";
        var paid = o.LinePaid.GetValueOrDefault(id);
        var taken = o.LineTaken(id);
        return new OrderLineView(id, l.Sku, l.Quantity, l.UnitPrice, paid, taken, Math.Max(0m, Math.Min(paid - taken, o.RefundableAmount)));
    }

    private static ImmutableArray<DeadlineView> ToViews(ImmutableDictionary<DeadlineKind, DateTimeOffset> deadlines) =>
        [.. deadlines.OrderBy(d => d.Value).Select(d => new DeadlineView(d.Key, d.Value))];

    private static ImmutableArray<HistoryEntryView> ToViews(IEnumerable<HistoryEntry> history) =>
        [.. history.Select(HistoryEntryView.From)];
}
