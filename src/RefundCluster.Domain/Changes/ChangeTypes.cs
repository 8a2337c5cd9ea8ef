using System.Collections.Frozen;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Changes;

/// <summary>
/// What each domain event means to an integrator following the change log: one change type per transition kind, named
/// after the Taobao message topic where one exists (<c>taobao_refund_RefundCreated</c> → <c>refund.created</c>,
/// <c>RefundSellerAgreeAgreement</c> → <c>refund.seller_agreed</c>, <c>RefundBuyerReturnGoods</c> → <c>return.shipped</c>,
/// <c>RefundSuccess</c> → <c>refund.succeeded</c>, <c>RefundClosed</c> → <c>refund.closed</c>, <c>TradeSuccess</c> →
/// <c>order.completed</c>, <c>TradeClose</c> → <c>order.closed</c> ...), or none for bookkeeping (money holds and timers
/// being set, whose effect shows in the transitions they cause). Every event type has its row here: a test fails on a
/// type that has none.
/// </summary>
public static class ChangeTypes
{
    private static readonly FrozenDictionary<Type, Func<DomainEvent, string?>> Table = new Dictionary<Type, Func<DomainEvent, string?>>
    {
        [typeof(OrderPaid)] = _ => "order.paid",
        [typeof(OrderShipped)] = _ => "order.shipped",
        [typeof(ShippedAfterClose)] = _ => "order.shipped_after_close",
        [typeof(LogisticsUpdated)] = _ => "order.logistics_updated",
        [typeof(OrderDelivered)] = _ => "order.delivered",
        [typeof(OrderCompleted)] = _ => "order.completed",
        [typeof(OrderClosed)] = _ => "order.closed",
        [typeof(OrderAlertRaised)] = e => ((OrderAlertRaised)e).Kind == DeadlineKind.ShipPromise ? "order.shipment_delayed" : "order.logistics_stalled",
        [typeof(OrderDeadlineScheduled)] = _ => null,
        [typeof(RefundReserved)] = _ => null,
        [typeof(RefundSettled)] = _ => null,
        [typeof(RefundReleased)] = _ => null,
        [typeof(RefundRequested)] = _ => "refund.created",
        [typeof(RefundConfirmedByBuyer)] = _ => "refund.buyer_confirmed",
        [typeof(ReturnApproved)] = _ => "refund.seller_agreed",
        [typeof(ReplacementApproved)] = _ => "refund.seller_agreed",
        [typeof(RefundRefused)] = _ => "refund.seller_refused",
        [typeof(RefundModified)] = _ => "refund.buyer_modified",
        [typeof(ReturnShipped)] = _ => "return.shipped",
        [typeof(ReturnSigned)] = _ => "return.signed",
        [typeof(WarehouseReceived)] = _ => "return.warehouse_received",
        [typeof(InterceptionRequested)] = _ => "refund.interception_requested",
        [typeof(InterceptionReported)] = e => ((InterceptionReported)e).Succeeded ? "refund.interception_succeeded" : "refund.interception_failed",
        [typeof(OfferMade)] = _ => "refund.offer_made",
        [typeof(OfferAnswered)] = e => ((OfferAnswered)e).Accepted ? "refund.offer_accepted" : "refund.offer_rejected",
        [typeof(InterventionRequested)] = _ => "refund.intervention_requested",
        [typeof(InterventionStarted)] = _ => "refund.intervention_started",
        [typeof(RefundJudged)] = _ => "refund.judged",
        [typeof(EvidenceSubmitted)] = _ => "refund.message_added",
        [typeof(RefundExecuted)] = _ => "refund.succeeded",
        [typeof(ReplacementShipped)] = _ => "replacement.shipped",
        [typeof(ReplacementReceived)] = _ => "replacement.received",
        [typeof(ExchangeConvertedToRefund)] = _ => "refund.exchange_converted",
        [typeof(RefundClosed)] = _ => "refund.closed",
        [typeof(AppealFiled)] = _ => "refund.appeal_filed",
        [typeof(AppealDecided)] = _ => "refund.appeal_decided",
        [typeof(FraudSignalRaised)] = _ => "refund.flagged",
        [typeof(RefundDeadlineScheduled)] = _ => null,
        // Most expiries show as the transition they cause; these three only set a flag.
        [typeof(RefundDeadlineExpired)] = e => ((RefundDeadlineExpired)e).Kind switch
        {
            DeadlineKind.PlatformJudgment => "refund.judgment_overdue",
            DeadlineKind.AppealWindow => "refund.appeal_window_closed",
            DeadlineKind.SellerShipReplacement => "replacement.overdue",
            _ => null,
        },
        [typeof(RefundChange)] = e => Of(((RefundChange)e).Event),
    }.ToFrozenDictionary();

    /// <summary>Every event type the table knows (for the test that no type is forgotten).</summary>
    public static IEnumerable<Type> Known => Table.Keys;

    /// <summary>The change an event makes visible to integrators, or null for bookkeeping.</summary>
    public static string? Of(DomainEvent e) => Table.TryGetValue(e.GetType(), out var type) ? type(e) : null;
}
