using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Reflection;

namespace RefundCluster.Domain.Common;

/// <summary>
/// Every stable error code the API can answer with, domain and HTTP layer alike, each defined once here. Every refusal
/// is made from one of these; the OpenAPI document's problem <c>code</c> enum and docs/errors.md are generated from
/// <see cref="All"/>. Codes never change once published: integrators branch on them.
/// </summary>
public static class ErrorCatalogue
{
    public static readonly ErrorDefinition RequestFieldRequired = new("request.field_required", ErrorKind.Validation,
        "A required field is missing.");

    public static readonly ErrorDefinition RequestInvalidEvent = new("request.invalid_event", ErrorKind.Validation,
        "An event must be a JSON object.");

    public static readonly ErrorDefinition RequestInvalidField = new("request.invalid_field", ErrorKind.Validation,
        "A field has the wrong type or value.");

    public static readonly ErrorDefinition RequestUnknownField = new("request.unknown_field", ErrorKind.Validation,
        "A field is not part of this event kind (misspelt fields are refused, not ignored).");

    public static readonly ErrorDefinition RequestUnknownKind = new("request.unknown_kind", ErrorKind.Validation,
        "kind is not a known event kind.");

    public static readonly ErrorDefinition RequestInvalidId = new("request.invalid_id", ErrorKind.Validation,
        "An id is not 1–128 characters of letters, digits, '-', '_', '.', ':'.");

    public static readonly ErrorDefinition RequestInvalidText = new("request.invalid_text", ErrorKind.Validation,
        "A text contains a control character or broken Unicode (a lone surrogate).");

    public static readonly ErrorDefinition RequestTooDeep = new("request.too_deep", ErrorKind.Validation,
        "The JSON nests deeper than the API accepts.");

    public static readonly ErrorDefinition RequestNoEndpoint = new("request.no_endpoint", ErrorKind.NotFound,
        "No endpoint answers this path (see the API reference).");

    public static readonly ErrorDefinition RequestMethodNotAllowed = new("request.method_not_allowed", ErrorKind.MethodNotAllowed,
        "The endpoint does not take this HTTP method.");

    public static readonly ErrorDefinition RequestUnsupportedMediaType = new("request.unsupported_media_type", ErrorKind.UnsupportedMediaType,
        "The endpoint takes a JSON body: send Content-Type: application/json.");

    public static readonly ErrorDefinition RequestInvalidParameter = new("request.invalid_parameter", ErrorKind.Validation,
        "A query or route parameter could not be read as its type (e.g. a number).");

    public static readonly ErrorDefinition RequestTooLarge = new("request.too_large", ErrorKind.TooLarge,
        "The body is larger than the endpoint accepts (413).");

    public static readonly ErrorDefinition RequestTimestampOutOfRange = new("request.timestamp_out_of_range", ErrorKind.Validation,
        "A time is before the earliest accepted or more than a day in the future.");

    public static readonly ErrorDefinition RequestListTooLong = new("request.list_too_long", ErrorKind.Validation,
        "A list holds more items than the API accepts.");

    public static readonly ErrorDefinition RequestTextTooLong = new("request.text_too_long", ErrorKind.Validation,
        "A text is longer than the API accepts.");

    public static readonly ErrorDefinition RequestNegativeZero = new("request.negative_zero", ErrorKind.Validation,
        "A number is a negative zero; send 0.");

    public static readonly ErrorDefinition RequestNumberOutOfRange = new("request.number_out_of_range", ErrorKind.Validation,
        "A number is outside its field's range.");

    public static readonly ErrorDefinition RequestMalformedJson = new("request.malformed_json", ErrorKind.Validation,
        "The body is not well-formed JSON.");

    public static readonly ErrorDefinition RequestBodyTimeout = new("request.body_timeout", ErrorKind.Validation,
        "The request body did not arrive in time (answered 408); nothing was applied.");

    public static readonly ErrorDefinition BatchTooLarge = new("batch.too_large", ErrorKind.Validation,
        "A batch holds more events than the API accepts.");

    public static readonly ErrorDefinition BatchEmpty = new("batch.empty", ErrorKind.Validation,
        "A batch needs at least one event.");

    public static readonly ErrorDefinition BatchNotAnArray = new("batch.not_an_array", ErrorKind.Validation,
        "The batch body must be a JSON array of events.");

    public static readonly ErrorDefinition BatchNotAttempted = new("batch.not_attempted", ErrorKind.Unavailable,
        "Not sent, to keep the order's events in order: an earlier event of the same order in the batch was not applied (retryable).");

    public static readonly ErrorDefinition AmountNotPositive = new("amount.not_positive", ErrorKind.Validation,
        "An amount must be greater than zero.");

    public static readonly ErrorDefinition AmountTooLarge = new("amount.too_large", ErrorKind.Validation,
        "An amount exceeds the ceiling a single order may carry.");

    public static readonly ErrorDefinition AmountPrecision = new("amount.precision", ErrorKind.Validation,
        "An amount has more than two decimal places (fen).");

    public static readonly ErrorDefinition OrderUnknown = new("order.unknown", ErrorKind.NotFound,
        "No order with this id has been paid.");

    public static readonly ErrorDefinition OrderAlreadyPaid = new("order.already_paid", ErrorKind.Conflict,
        "The order is already paid.");

    public static readonly ErrorDefinition OrderClosed = new("order.closed", ErrorKind.Conflict,
        "The order is closed: it was fully refunded.");

    public static readonly ErrorDefinition OrderIllegalTransition = new("order.illegal_transition", ErrorKind.Conflict,
        "The order's status does not allow this event.");

    public static readonly ErrorDefinition OrderLinesRequired = new("order.lines_required", ErrorKind.Validation,
        "An order needs at least one line with a sku and a quantity above zero.");

    public static readonly ErrorDefinition OrderShopMismatch = new("order.shop_mismatch", ErrorKind.Conflict,
        "The event names a different shop than the order.");

    public static readonly ErrorDefinition OrderLineIdsNotUnique = new("order.line_ids_not_unique", ErrorKind.Validation,
        "Every line of an order needs its own lineId.");

    public static readonly ErrorDefinition RefundAmountExceedsRefundable = new("refund.amount_exceeds_refundable", ErrorKind.Rule,
        "The amount is more than what is still refundable on the order.");

    public static readonly ErrorDefinition RefundUnknown = new("refund.unknown", ErrorKind.NotFound,
        "No refund with this id has been requested.");

    public static readonly ErrorDefinition RefundAlreadyExists = new("refund.already_exists", ErrorKind.Conflict,
        "A refund with this id was already requested.");

    public static readonly ErrorDefinition RefundOrderMismatch = new("refund.order_mismatch", ErrorKind.Conflict,
        "The event names a different order than the refund.");

    public static readonly ErrorDefinition RefundAmountExceedsRequested = new("refund.amount_exceeds_requested", ErrorKind.Rule,
        "The amount is more than the buyer requested.");

    public static readonly ErrorDefinition RefundAmountNotAllowed = new("refund.amount_not_allowed", ErrorKind.Validation,
        "Exchange and reship requests carry no amount.");

    public static readonly ErrorDefinition RefundReasonUnknown = new("refund.reason_unknown", ErrorKind.Validation,
        "The refund reason is not one this API knows.");

    public static readonly ErrorDefinition RefundReasonNotApplicable = new("refund.reason_not_applicable", ErrorKind.Rule,
        "The reason does not fit the order's phase (before or after shipping, after delivery).");

    public static readonly ErrorDefinition RefundKindRequiresDelivery = new("refund.kind_requires_delivery", ErrorKind.Rule,
        "Return, exchange and reship requests need the order to be delivered first.");

    public static readonly ErrorDefinition RefundNoReasonWindowExpired = new("refund.no_reason_window_expired", ErrorKind.Rule,
        "The 7-day no-reason window (counted from the day after signing) has passed.");

    public static readonly ErrorDefinition RefundNoReasonRequiresReturn = new("refund.no_reason_requires_return", ErrorKind.Rule,
        "7天无理由 applies only to a return and refund: the goods go back before the money does.");

    public static readonly ErrorDefinition RefundNoReasonNotAvailable = new("refund.no_reason_not_available", ErrorKind.Rule,
        "No-fault returns (7天无理由) are not available for this category of goods.");

    public static readonly ErrorDefinition RefundLineUnknown = new("refund.line_unknown", ErrorKind.Rule,
        "The order has no line with this lineId.");

    public static readonly ErrorDefinition RefundQuantityInvalid = new("refund.quantity_invalid", ErrorKind.Validation,
        "The quantity is not between 1 and the line's quantity.");

    public static readonly ErrorDefinition RefundLineFullyRefunded = new("refund.line_fully_refunded", ErrorKind.Rule,
        "The line is fully refunded: nothing is left to exchange or reship.");

    public static readonly ErrorDefinition RefundPriceProtectionExpired = new("refund.price_protection_expired", ErrorKind.Rule,
        "The price-protection period (价保, counted from payment) has passed.");

    public static readonly ErrorDefinition RefundAfterSalesWindowClosed = new("refund.after_sales_window_closed", ErrorKind.Rule,
        "The trade completed longer ago than the after-sales window: no new refund can be requested.");

    public static readonly ErrorDefinition RefundIllegalTransition = new("refund.illegal_transition", ErrorKind.Conflict,
        "The refund's status does not accept this event.");

    public static readonly ErrorDefinition RefundVersionStale = new("refund.version_stale", ErrorKind.Conflict,
        "refundVersion is not the refund's current version: read it again before writing.");

    public static readonly ErrorDefinition RefundAlreadyFinished = new("refund.already_finished", ErrorKind.Conflict,
        "The refund has already ended.");

    public static readonly ErrorDefinition RefundAlreadyDecided = new("refund.already_decided", ErrorKind.Conflict,
        "The seller's decision was already made.");

    public static readonly ErrorDefinition RefundRefusalNotAllowed = new("refund.refusal_not_allowed", ErrorKind.Rule,
        "Refund-only requests for parcels in transit cannot be refused for normal goods: intercept the parcel.");

    public static readonly ErrorDefinition RefundRefusalReasonRequired = new("refund.refusal_reason_required", ErrorKind.Validation,
        "A refusal needs a reason.");

    public static readonly ErrorDefinition RefundAgentFilingDisabled = new("refund.agent_filing_disabled", ErrorKind.Rule,
        "The shop has not enabled 代客售后 (agent-filed refunds).");

    public static readonly ErrorDefinition RefundReturnTrackingIsOutbound = new("refund.return_tracking_is_outbound", ErrorKind.Rule,
        "The return tracking number is the order's own outbound one (不当获取运费险, 云标签): give the return parcel's number.");

    public static readonly ErrorDefinition RefundTrackingRequired = new("refund.tracking_required", ErrorKind.Validation,
        "A tracking number is required.");

    public static readonly ErrorDefinition RefundNotFinished = new("refund.not_finished", ErrorKind.Conflict,
        "Only an ended refund can be appealed.");

    public static readonly ErrorDefinition RefundAppealWindowClosed = new("refund.appeal_window_closed", ErrorKind.Rule,
        "The appeal window of this refund has closed.");

    public static readonly ErrorDefinition RefundAlreadyAppealed = new("refund.already_appealed", ErrorKind.Conflict,
        "An appeal was already filed for this refund.");

    public static readonly ErrorDefinition RefundMessageInvalid = new("refund.message_invalid", ErrorKind.Validation,
        "The message or its pictures are not valid.");

    public static readonly ErrorDefinition InterceptionNotApplicable = new("interception.not_applicable", ErrorKind.Rule,
        "Interception applies only to refund-only requests whose parcel has not been received.");

    public static readonly ErrorDefinition InterceptionAlreadyRequested = new("interception.already_requested", ErrorKind.Conflict,
        "Interception was already requested for this refund.");

    public static readonly ErrorDefinition InterceptionNotRequested = new("interception.not_requested", ErrorKind.Conflict,
        "No interception is pending for this refund.");

    public static readonly ErrorDefinition OfferNotApplicable = new("offer.not_applicable", ErrorKind.Rule,
        "This kind of offer does not apply to the refund in its current state.");

    public static readonly ErrorDefinition OfferAlreadyPending = new("offer.already_pending", ErrorKind.Conflict,
        "An offer is already waiting for the buyer's answer.");

    public static readonly ErrorDefinition OfferNonePending = new("offer.none_pending", ErrorKind.Conflict,
        "No offer is waiting for an answer.");

    public static readonly ErrorDefinition InterventionNotAllowed = new("intervention.not_allowed", ErrorKind.Conflict,
        "Platform intervention can be requested by the buyer after the seller refused, or by the seller while the request or the returned goods wait for it.");

    public static readonly ErrorDefinition InterventionNotRequested = new("intervention.not_requested", ErrorKind.Conflict,
        "The refund is not under platform review.");

    public static readonly ErrorDefinition AppealNotPending = new("appeal.not_pending", ErrorKind.Conflict,
        "No appeal of this refund is waiting for the platform's decision.");

    public static readonly ErrorDefinition EventIdReused = new("event.id_reused", ErrorKind.Conflict,
        "This eventId was already used for a different event.");

    public static readonly ErrorDefinition PolicyInvalid = new("policy.invalid", ErrorKind.Validation,
        "A shop policy field is out of range.");

    public static readonly ErrorDefinition ShopUnknown = new("shop.unknown", ErrorKind.NotFound,
        "No such shop, or not one the credential may see.");

    public static readonly ErrorDefinition AuthRequired = new("auth.required", ErrorKind.Unauthenticated,
        "No API key was sent: use 'X-Api-Key: rck.…' or 'Authorization: Bearer rck.…'.");

    public static readonly ErrorDefinition AuthInvalidKey = new("auth.invalid_key", ErrorKind.Unauthenticated,
        "The API key is unknown, malformed or revoked.");

    public static readonly ErrorDefinition AuthForbidden = new("auth.forbidden", ErrorKind.Forbidden,
        "This credential's roles do not allow this request.");

    public static readonly ErrorDefinition AuthShopNotAllowed = new("auth.shop_not_allowed", ErrorKind.Forbidden,
        "The credential may not send events for this shop.");

    public static readonly ErrorDefinition AuthRateLimited = new("auth.rate_limited", ErrorKind.TooManyRequests,
        "The credential sent more requests than its rate allows; nothing was applied. Retry after Retry-After.");

    public static readonly ErrorDefinition AuthTooManyFeeds = new("auth.too_many_feeds", ErrorKind.TooManyRequests,
        "The credential holds as many live feeds open on this silo as it may; close one, or retry after Retry-After.");

    public static readonly ErrorDefinition AuthStoreUnavailable = new("auth.store_unavailable", ErrorKind.Unavailable,
        "The credential store could not be read; retry shortly.");

    public static readonly ErrorDefinition ClusterUnavailable = new("cluster.unavailable", ErrorKind.Unavailable,
        "The cluster could not process the event in time; it may or may not have been applied. Retry with the same eventId.");

    public static readonly ErrorDefinition ClusterOverloaded = new("cluster.overloaded", ErrorKind.Unavailable,
        "The silo is at capacity and shed the request; nothing was applied. Retry after Retry-After with the same eventId.");

    public static readonly ErrorDefinition StorageConflict = new("storage.conflict", ErrorKind.Conflict,
        "Another writer changed this entity at the same time; nothing was applied. Retry the event.");

    public static readonly ErrorDefinition MetricsWindowInvalid = new("metrics.window_invalid", ErrorKind.Validation,
        "window is not one of 5m, 1h, 24h, 30d.");

    public static readonly ErrorDefinition MetricsSortInvalid = new("metrics.sort_invalid", ErrorKind.Validation,
        "sort is not a leaderboard order.");

    public static readonly ErrorDefinition MetricsTopInvalid = new("metrics.top_invalid", ErrorKind.Validation,
        "top is out of range.");

    public static readonly ErrorDefinition MetricsSeriesInvalid = new("metrics.series_invalid", ErrorKind.Validation,
        "A series query parameter (indicator, interval, from, to, offset, format) is not valid.");

    public static readonly ErrorDefinition ChangesQueryInvalid = new("changes.query_invalid", ErrorKind.Validation,
        "A change feed query parameter (after, limit, types) is not valid.");

    public static readonly ErrorDefinition ChangesCursorExpired = new("changes.cursor_expired", ErrorKind.Conflict,
        "The embedded mode's in-memory change log no longer holds the changes after this cursor: read the entities again and follow from the latest cursor.");

    public static readonly ErrorDefinition ListQueryInvalid = new("list.query_invalid", ErrorKind.Validation,
        "A shop list query parameter (status, kind, reason, modifiedSince, sort, after, limit) is not valid.");

    public static readonly ErrorDefinition WebhookUnknown = new("webhook.unknown", ErrorKind.NotFound,
        "No webhook subscription with this id belongs to the caller.");

    public static readonly ErrorDefinition WebhookInvalid = new("webhook.invalid", ErrorKind.Validation,
        "A webhook subscription field (url, types, shops, secret, cursor) is not valid.");

    public static readonly ErrorDefinition RecordingQueryInvalid = new("recording.query_invalid", ErrorKind.Validation,
        "A recording or what-if parameter (from, to, policy) is not valid: from and to are ISO 8601 times, from before to, at most 31 days apart.");

    /// <summary>Every code above, in declaration order (declared last: static fields initialise in text order).</summary>
    public static ImmutableArray<ErrorDefinition> All { get; } =
    [
        .. typeof(ErrorCatalogue).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(ErrorDefinition))
            .OrderBy(f => f.MetadataToken)
            .Select(f => (ErrorDefinition)f.GetValue(null)!),
    ];

    private static readonly FrozenDictionary<string, ErrorDefinition> ByCode = All.DistinctBy(c => c.Code).ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);

    /// <summary>The catalogue's entry for a code, or null when the code is not in it.</summary>
    public static ErrorDefinition? Find(string code) => ByCode.GetValueOrDefault(code);
}
