using RefundCluster.Contracts.Events;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Grains.Mapping;

/// <summary>Turns an integrator's refund event into the domain command it asks for.</summary>
public static class RefundCommandMapper
{
    public static RefundCommand ToCommand(RefundIntegratorEvent e) => e is RefundRequestedEvent request ? RequestOf(request) : ToOtherCommand(e);

    private static RequestRefund RequestOf(RefundRequestedEvent request) => new(
        request.RefundId, request.RefundKind, request.Reason, request.Amount,
        request.FiledBy == FiledBy.Agent ? Actor.Agent : Actor.Buyer, request.LineId, request.Quantity);

    private static RefundCommand ToOtherCommand(RefundIntegratorEvent e) => e switch
    {
        RefundConfirmedEvent => new ConfirmRefund(),
        RefundApprovedEvent approved => new ApproveRefund(approved.ReturnAddress),
        RefundRefusedEvent refused => new RefuseRefund(refused.Reason),
        RefundCancelledEvent => new CancelRefund(),
        RefundModifiedEvent modified => new ModifyRefund(modified.Amount, modified.Reason),
        ReturnShippedEvent shipped => new ShipReturn(shipped.TrackingNumber),
        ReturnSignedEvent => new SignReturn(),
        WarehouseReceivedEvent => new ReceiveIntoWarehouse(),
        InterceptionRequestedEvent intercept => new RequestInterception(intercept.RequestedBy switch
        {
            InterceptionRequester.Platform => Actor.Platform,
            InterceptionRequester.Warehouse => Actor.Warehouse,
            _ => Actor.Seller,
        }),
        InterceptionSucceededEvent => new ReportInterception(true),
        InterceptionFailedEvent => new ReportInterception(false),
        OfferMadeEvent offer => new MakeOffer(new Offer(offer.OfferKind, offer.Amount, offer.Note)),
        OfferAcceptedEvent => new AnswerOffer(true),
        OfferRejectedEvent => new AnswerOffer(false),
        InterventionRequestedEvent requested => new RequestIntervention(requested.RequestedBy == DisputeParty.Seller ? Actor.Seller : Actor.Buyer),
        RefundMessageEvent message => new SubmitEvidence(message.Owner switch
        {
            MessageOwner.Seller => Actor.Seller,
            MessageOwner.Platform => Actor.Platform,
            _ => Actor.Buyer,
        }, message.Content, message.PictureUrls),
        AppealDecidedEvent decided => new DecideAppeal(decided.Upheld),
        InterventionStartedEvent => new StartIntervention(),
        RefundJudgedEvent judged => new Judge(judged.Winner, judged.MerchantResponsible, judged.Amount),
        AppealFiledEvent appeal => new FileAppeal(appeal.Reason),
        ReplacementShippedEvent replacement => new ShipReplacement(replacement.TrackingNumber),
        ReplacementReceivedEvent received => new ReceiveReplacement(received.ReportedBy == ReplacementReporter.Logistics ? Actor.Logistics : Actor.Buyer),
        ExchangeConvertedToRefundEvent converted => new ConvertExchangeToRefund(converted.Amount),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Unknown refund event."),
    };
}
