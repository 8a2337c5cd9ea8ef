namespace RefundCluster.Domain.Common;

/// <summary>
/// Every refusal the domain can give, one factory per stable code, each code taken from <see cref="ErrorCatalogue"/>
/// (where codes are defined, once) with the sentence that fits the case.
/// </summary>
public static class Errors
{
    public static DomainError AmountNotPositive(string field) =>
        ErrorCatalogue.AmountNotPositive.Error($"'{field}' must be greater than zero.");

    public static DomainError AmountTooLarge(string field) =>
        ErrorCatalogue.AmountTooLarge.Error($"'{field}' exceeds {Money.Ceiling} yuan.");

    public static DomainError AmountPrecision(string field) =>
        ErrorCatalogue.AmountPrecision.Error($"'{field}' has more than two decimal places.");

    public static DomainError FieldRequired(string field) =>
        ErrorCatalogue.RequestFieldRequired.Error($"'{field}' is required.");

    public static readonly DomainError OrderUnknown =
        ErrorCatalogue.OrderUnknown.Error();

    public static readonly DomainError OrderAlreadyPaid =
        ErrorCatalogue.OrderAlreadyPaid.Error();

    public static readonly DomainError OrderClosed =
        ErrorCatalogue.OrderClosed.Error();

    public static DomainError OrderIllegalTransition(string status, string action) =>
        ErrorCatalogue.OrderIllegalTransition.Error($"An order in status {status} cannot be {action}.");

    public static readonly DomainError OrderLinesRequired =
        ErrorCatalogue.OrderLinesRequired.Error();

    public static readonly DomainError OrderShopMismatch =
        ErrorCatalogue.OrderShopMismatch.Error();

    public static DomainError RefundAmountExceedsRefundable(decimal requested, decimal refundable) =>
        ErrorCatalogue.RefundAmountExceedsRefundable.Error($"Requested {requested} yuan but only {refundable} yuan of the order is still refundable.");

    public static readonly DomainError RefundUnknown =
        ErrorCatalogue.RefundUnknown.Error();

    public static readonly DomainError RefundAlreadyExists =
        ErrorCatalogue.RefundAlreadyExists.Error();

    public static readonly DomainError RefundOrderMismatch =
        ErrorCatalogue.RefundOrderMismatch.Error();

    public static DomainError RefundAmountExceedsRequested(decimal amount, decimal requested) =>
        ErrorCatalogue.RefundAmountExceedsRequested.Error($"{amount} yuan is more than the {requested} yuan requested.");

    public static readonly DomainError RefundAmountNotAllowed =
        ErrorCatalogue.RefundAmountNotAllowed.Error();

    public static DomainError RefundReasonUnknown(string reason) =>
        ErrorCatalogue.RefundReasonUnknown.Error($"'{reason}' is not a known refund reason.");

    public static DomainError RefundReasonNotApplicable(string reason, string phase) =>
        ErrorCatalogue.RefundReasonNotApplicable.Error($"Reason '{reason}' does not apply to an order that is {phase}.");

    public static DomainError RefundKindRequiresDelivery(string kind) =>
        ErrorCatalogue.RefundKindRequiresDelivery.Error($"A {kind} request needs the order to be delivered first.");

    public static readonly DomainError RefundNoReasonWindowExpired =
        ErrorCatalogue.RefundNoReasonWindowExpired.Error();

    public static readonly DomainError RefundNoReasonRequiresReturn =
        ErrorCatalogue.RefundNoReasonRequiresReturn.Error();

    public static DomainError RefundNoReasonNotAvailable(string category) =>
        ErrorCatalogue.RefundNoReasonNotAvailable.Error($"No-fault returns (7天无理由, 不喜欢, 尺码不合适) are not available for {category} goods.");

    public static DomainError RefundLineUnknown(string lineId) =>
        ErrorCatalogue.RefundLineUnknown.Error($"The order has no line '{lineId}'.");

    public static DomainError RefundQuantityInvalid(int lineQuantity) =>
        ErrorCatalogue.RefundQuantityInvalid.Error($"quantity must be between 1 and the line's {lineQuantity}.");

    public static DomainError RefundLineFullyRefunded(string lineId) =>
        ErrorCatalogue.RefundLineFullyRefunded.Error($"Line '{lineId}' is fully refunded: nothing is left to exchange or reship.");

    public static readonly DomainError OrderLineIdsNotUnique =
        ErrorCatalogue.OrderLineIdsNotUnique.Error();

    public static readonly DomainError RefundPriceProtectionExpired =
        ErrorCatalogue.RefundPriceProtectionExpired.Error();

    public static readonly DomainError RefundAfterSalesWindowClosed =
        ErrorCatalogue.RefundAfterSalesWindowClosed.Error();

    public static DomainError RefundIllegalTransition(string status, string action) =>
        ErrorCatalogue.RefundIllegalTransition.Error($"A refund in status {status} does not accept '{action}'.");

    public static DomainError RefundVersionStale(int expected, int actual) =>
        ErrorCatalogue.RefundVersionStale.Error($"The refund is at version {actual}, not {expected}: read it again before writing.");

    public static readonly DomainError RefundAlreadyFinished =
        ErrorCatalogue.RefundAlreadyFinished.Error();

    public static DomainError RefundAlreadyDecided(string status) =>
        ErrorCatalogue.RefundAlreadyDecided.Error($"The seller's decision was already made (the refund is {status}).");

    public static readonly DomainError RefundRefusalNotAllowed =
        ErrorCatalogue.RefundRefusalNotAllowed.Error();

    public static readonly DomainError RefundRefusalReasonRequired =
        ErrorCatalogue.RefundRefusalReasonRequired.Error();

    public static readonly DomainError RefundAgentFilingDisabled =
        ErrorCatalogue.RefundAgentFilingDisabled.Error();

    public static readonly DomainError RefundReturnTrackingIsOutbound =
        ErrorCatalogue.RefundReturnTrackingIsOutbound.Error();

    public static readonly DomainError RefundTrackingRequired =
        ErrorCatalogue.RefundTrackingRequired.Error();

    public static readonly DomainError RefundNotFinished =
        ErrorCatalogue.RefundNotFinished.Error();

    public static readonly DomainError RefundAppealWindowClosed =
        ErrorCatalogue.RefundAppealWindowClosed.Error();

    public static readonly DomainError RefundAlreadyAppealed =
        ErrorCatalogue.RefundAlreadyAppealed.Error();

    public static readonly DomainError InterceptionNotApplicable =
        ErrorCatalogue.InterceptionNotApplicable.Error();

    public static readonly DomainError InterceptionAlreadyRequested =
        ErrorCatalogue.InterceptionAlreadyRequested.Error();

    public static readonly DomainError InterceptionNotRequested =
        ErrorCatalogue.InterceptionNotRequested.Error();

    public static readonly DomainError OfferNotApplicable =
        ErrorCatalogue.OfferNotApplicable.Error();

    public static readonly DomainError OfferAlreadyPending =
        ErrorCatalogue.OfferAlreadyPending.Error();

    public static readonly DomainError OfferNonePending =
        ErrorCatalogue.OfferNonePending.Error();

    public static readonly DomainError InterventionNotAllowed =
        ErrorCatalogue.InterventionNotAllowed.Error();

    public static DomainError RefundMessageInvalid(string detail) =>
        ErrorCatalogue.RefundMessageInvalid.Error("The message is not valid: " + detail);

    public static readonly DomainError AppealNotPending =
        ErrorCatalogue.AppealNotPending.Error();

    public static readonly DomainError InterventionNotRequested =
        ErrorCatalogue.InterventionNotRequested.Error();

    public static DomainError PolicyInvalid(string detail) =>
        ErrorCatalogue.PolicyInvalid.Error(detail);

    public static readonly DomainError EventIdReused =
        ErrorCatalogue.EventIdReused.Error();
}
