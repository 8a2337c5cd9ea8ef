namespace RefundCluster.Domain.Common;

/// <summary>
/// Every refusal the domain can give, one factory per stable code. Codes never change once published: integrators
/// branch on them.
/// </summary>
public static class Errors
{
    public static DomainError AmountNotPositive(string field) =>
        new("amount.not_positive", ErrorKind.Validation, $"'{field}' must be greater than zero.");

    public static DomainError AmountTooLarge(string field) =>
        new("amount.too_large", ErrorKind.Validation, $"'{field}' exceeds {Money.Ceiling} yuan.");

    public static DomainError AmountPrecision(string field) =>
        new("amount.precision", ErrorKind.Validation, $"'{field}' has more than two decimal places.");

    public static DomainError FieldRequired(string field) =>
        new("request.field_required", ErrorKind.Validation, $"'{field}' is required.");

    public static readonly DomainError OrderUnknown =
        new("order.unknown", ErrorKind.NotFound, "No order with this id has been paid.");

    public static readonly DomainError OrderAlreadyPaid =
        new("order.already_paid", ErrorKind.Conflict, "The order is already paid.");

    public static readonly DomainError OrderClosed =
        new("order.closed", ErrorKind.Conflict, "The order is closed: it was fully refunded.");

    public static DomainError OrderIllegalTransition(string status, string action) =>
        new("order.illegal_transition", ErrorKind.Conflict, $"An order in status {status} cannot be {action}.");

    public static readonly DomainError OrderLinesRequired =
        new("order.lines_required", ErrorKind.Validation, "An order needs at least one line with a sku and a quantity above zero.");

    public static readonly DomainError OrderShopMismatch =
        new("order.shop_mismatch", ErrorKind.Conflict, "The event names a different shop than the order.");

    public static DomainError RefundAmountExceedsRefundable(decimal requested, decimal refundable) =>
        new("refund.amount_exceeds_refundable", ErrorKind.Rule,
            $"Requested {requested} yuan but only {refundable} yuan of the order is still refundable.");

    public static readonly DomainError RefundUnknown =
        new("refund.unknown", ErrorKind.NotFound, "No refund with this id has been requested.");

    public static readonly DomainError RefundAlreadyExists =
        new("refund.already_exists", ErrorKind.Conflict, "A refund with this id was already requested.");

    public static readonly DomainError RefundOrderMismatch =
        new("refund.order_mismatch", ErrorKind.Conflict, "The event names a different order than the refund.");

    public static DomainError RefundAmountExceedsRequested(decimal amount, decimal requested) =>
        new("refund.amount_exceeds_requested", ErrorKind.Rule,
            $"{amount} yuan is more than the {requested} yuan requested.");

    public static readonly DomainError RefundAmountNotAllowed =
        new("refund.amount_not_allowed", ErrorKind.Validation, "Exchange and reship requests carry no amount.");

    public static DomainError RefundReasonUnknown(string reason) =>
        new("refund.reason_unknown", ErrorKind.Validation, $"'{reason}' is not a known refund reason.");

    public static DomainError RefundReasonNotApplicable(string reason, string phase) =>
        new("refund.reason_not_applicable", ErrorKind.Rule, $"Reason '{reason}' does not apply to an order that is {phase}.");

    public static DomainError RefundKindRequiresDelivery(string kind) =>
        new("refund.kind_requires_delivery", ErrorKind.Rule, $"A {kind} request needs the order to be delivered first.");

    public static readonly DomainError RefundNoReasonWindowExpired =
        new("refund.no_reason_window_expired", ErrorKind.Rule,
            "The 7-day no-reason window (counted from the day after signing) has passed.");

    public static readonly DomainError RefundNoReasonRequiresReturn =
        new("refund.no_reason_requires_return", ErrorKind.Rule,
            "7天无理由 applies only to a return and refund: the goods go back before the money does.");

    public static DomainError RefundNoReasonNotAvailable(string category) =>
        new("refund.no_reason_not_available", ErrorKind.Rule,
            $"No-fault returns (7天无理由, 不喜欢, 尺码不合适) are not available for {category} goods.");

    public static DomainError RefundLineUnknown(string lineId) =>
        new("refund.line_unknown", ErrorKind.Rule, $"The order has no line '{lineId}'.");

    public static DomainError RefundQuantityInvalid(int lineQuantity) =>
        new("refund.quantity_invalid", ErrorKind.Validation, $"quantity must be between 1 and the line's {lineQuantity}.");

    public static DomainError RefundLineFullyRefunded(string lineId) =>
        new("refund.line_fully_refunded", ErrorKind.Rule, $"Line '{lineId}' is fully refunded: nothing is left to exchange or reship.");

    public static readonly DomainError OrderLineIdsNotUnique =
        new("order.line_ids_not_unique", ErrorKind.Validation, "Every line of an order needs its own lineId.");

    public static readonly DomainError RefundPriceProtectionExpired =
        new("refund.price_protection_expired", ErrorKind.Rule, "The price-protection period (价保, counted from payment) has passed.");

    public static readonly DomainError RefundAfterSalesWindowClosed =
        new("refund.after_sales_window_closed", ErrorKind.Rule,
            "The trade completed longer ago than the after-sales window: no new refund can be requested.");

    public static DomainError RefundIllegalTransition(string status, string action) =>
        new("refund.illegal_transition", ErrorKind.Conflict, $"A refund in status {status} does not accept '{action}'.");

    public static DomainError RefundVersionStale(int expected, int actual) =>
        new("refund.version_stale", ErrorKind.Conflict, $"The refund is at version {actual}, not {expected}: read it again before writing.");

    public static readonly DomainError RefundAlreadyFinished =
        new("refund.already_finished", ErrorKind.Conflict, "The refund has already ended.");

    public static DomainError RefundAlreadyDecided(string status) =>
        new("refund.already_decided", ErrorKind.Conflict, $"The seller's decision was already made (the refund is {status}).");

    public static readonly DomainError RefundRefusalNotAllowed =
        new("refund.refusal_not_allowed", ErrorKind.Rule,
            "Refund-only requests for parcels in transit cannot be refused for normal goods: intercept the parcel.");

    public static readonly DomainError RefundRefusalReasonRequired =
        new("refund.refusal_reason_required", ErrorKind.Validation, "A refusal needs a reason.");

    public static readonly DomainError RefundAgentFilingDisabled =
        new("refund.agent_filing_disabled", ErrorKind.Rule, "The shop has not enabled 代客售后 (agent-filed refunds).");

    public static readonly DomainError RefundReturnTrackingIsOutbound =
        new("refund.return_tracking_is_outbound", ErrorKind.Rule,
            "The return tracking number is the order's own outbound one (不当获取运费险, 云标签): give the return parcel's number.");

    public static readonly DomainError RefundTrackingRequired =
        new("refund.tracking_required", ErrorKind.Validation, "A tracking number is required.");

    public static readonly DomainError RefundNotFinished =
        new("refund.not_finished", ErrorKind.Conflict, "Only an ended refund can be appealed.");

    public static readonly DomainError RefundAppealWindowClosed =
        new("refund.appeal_window_closed", ErrorKind.Rule, "The appeal window of this refund has closed.");

    public static readonly DomainError RefundAlreadyAppealed =
        new("refund.already_appealed", ErrorKind.Conflict, "An appeal was already filed for this refund.");

    public static readonly DomainError InterceptionNotApplicable =
        new("interception.not_applicable", ErrorKind.Rule, "Interception applies only to refund-only requests whose parcel has not been received.");

    public static readonly DomainError InterceptionAlreadyRequested =
        new("interception.already_requested", ErrorKind.Conflict, "Interception was already requested for this refund.");

    public static readonly DomainError InterceptionNotRequested =
        new("interception.not_requested", ErrorKind.Conflict, "No interception is pending for this refund.");

    public static readonly DomainError OfferNotApplicable =
        new("offer.not_applicable", ErrorKind.Rule, "This kind of offer does not apply to the refund in its current state.");

    public static readonly DomainError OfferAlreadyPending =
        new("offer.already_pending", ErrorKind.Conflict, "An offer is already waiting for the buyer's answer.");

    public static readonly DomainError OfferNonePending =
        new("offer.none_pending", ErrorKind.Conflict, "No offer is waiting for an answer.");

    public static readonly DomainError InterventionNotAllowed =
        new("intervention.not_allowed", ErrorKind.Conflict,
            "Platform intervention can be requested by the buyer after the seller refused, or by the seller while the request or the returned goods wait for it.");

    public static DomainError RefundMessageInvalid(string detail) =>
        new("refund.message_invalid", ErrorKind.Validation, "The message is not valid: " + detail);

    public static readonly DomainError AppealNotPending =
        new("appeal.not_pending", ErrorKind.Conflict, "No appeal of this refund is waiting for the platform's decision.");

    public static readonly DomainError InterventionNotRequested =
        new("intervention.not_requested", ErrorKind.Conflict, "The refund is not under platform review.");

    public static DomainError PolicyInvalid(string detail) =>
        new("policy.invalid", ErrorKind.Validation, detail);

    public static readonly DomainError EventIdReused =
        new("event.id_reused", ErrorKind.Conflict, "This eventId was already used for a different event.");
}
