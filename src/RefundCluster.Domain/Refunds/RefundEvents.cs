using System.Collections.Immutable;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Orders;

namespace RefundCluster.Domain.Refunds;

/// <summary>Something that happened to a refund.</summary>
public abstract record RefundEvent(DateTimeOffset At, Actor Actor) : DomainEvent(At, Actor);

public sealed record RefundRequested(
    DateTimeOffset At,
    Actor Actor,
    string RefundId,
    string OrderId,
    string ShopId,
    string BuyerId,
    RefundKind Kind,
    RefundScenario Scenario,
    OrderPhase Phase,
    RefundReason Reason,
    decimal Amount,
    OrderFlags OrderFlags,
    ImmutableArray<string> OrderSkus,
    SalePhase SalePhase = SalePhase.OnSale,
    string? LineId = null,
    int Quantity = 0) : RefundEvent(At, Actor)
{
    public override string Action => "refund_requested";
    public override string Detail => $"{Scenario}, {RefundReasons.Label(Reason)}, {Amount} yuan";
}

public sealed record RefundConfirmedByBuyer(DateTimeOffset At) : RefundEvent(At, Actor.Buyer)
{
    public override string Action => "refund_confirmed";
}

public sealed record ReturnApproved(DateTimeOffset At, Actor Actor, string? ReturnAddress, Automation Automation) : RefundEvent(At, Actor)
{
    public override string Action => "return_approved";
    public override string? Detail => Automation == Automation.None ? ReturnAddress : $"{Automation}; {ReturnAddress}";
}

public sealed record ReplacementApproved(DateTimeOffset At, Actor Actor, Automation Automation) : RefundEvent(At, Actor)
{
    public override string Action => "replacement_approved";
}

public sealed record ReturnShipped(DateTimeOffset At, string TrackingNumber) : RefundEvent(At, Actor.Buyer)
{
    public override string Action => "return_shipped";
    public override string Detail => TrackingNumber;
}

public sealed record ReturnSigned(DateTimeOffset At, Actor Actor) : RefundEvent(At, Actor)
{
    public override string Action => "return_signed";
}

public sealed record WarehouseReceived(DateTimeOffset At) : RefundEvent(At, Actor.Warehouse)
{
    public override string Action => "warehouse_received";
}

public sealed record RefundRefused(DateTimeOffset At, string Reason) : RefundEvent(At, Actor.Seller)
{
    public override string Action => "refund_refused";
    public override string Detail => Reason;
}

public sealed record RefundModified(DateTimeOffset At, decimal Amount, RefundReason Reason) : RefundEvent(At, Actor.Buyer)
{
    public override string Action => "refund_modified";
    public override string Detail => $"{RefundReasons.Label(Reason)}, {Amount} yuan";
}

public sealed record InterceptionRequested(DateTimeOffset At, Actor Actor) : RefundEvent(At, Actor)
{
    public override string Action => "interception_requested";
}

public sealed record InterceptionReported(DateTimeOffset At, bool Succeeded) : RefundEvent(At, Actor.Logistics)
{
    public override string Action => Succeeded ? "interception_succeeded" : "interception_failed";
}

public sealed record OfferMade(DateTimeOffset At, Offer Offer) : RefundEvent(At, Actor.Seller)
{
    public override string Action => "offer_made";
    public override string Detail => Offer.Amount > 0 ? $"{Offer.Kind} {Offer.Amount} yuan" : Offer.Kind.ToString();
}

public sealed record OfferAnswered(DateTimeOffset At, bool Accepted) : RefundEvent(At, Actor.Buyer)
{
    public override string Action => Accepted ? "offer_accepted" : "offer_rejected";
}

public sealed record InterventionRequested(DateTimeOffset At, Actor Actor = Actor.Buyer) : RefundEvent(At, Actor)
{
    public override string Action => "intervention_requested";
}

public sealed record EvidenceSubmitted(DateTimeOffset At, Actor Owner, string Content, ImmutableArray<string> PictureUrls) : RefundEvent(At, Owner)
{
    public override string Action => "evidence_submitted";
    public override string Detail => PictureUrls.IsDefaultOrEmpty ? Content : $"{Content} (+{PictureUrls.Length} pictures)";
}

public sealed record AppealDecided(DateTimeOffset At, bool Upheld) : RefundEvent(At, Actor.Platform)
{
    public override string Action => Upheld ? "appeal_upheld" : "appeal_rejected";
}

public sealed record InterventionStarted(DateTimeOffset At) : RefundEvent(At, Actor.Platform)
{
    public override string Action => "intervention_started";
}

/// <param name="AwardedAmount">What the buyer is awarded when less than requested; null for the full request (or a seller win).</param>
public sealed record RefundJudged(DateTimeOffset At, JudgmentWinner Winner, bool MerchantResponsible, decimal? AwardedAmount = null) : RefundEvent(At, Actor.Platform)
{
    public override string Action => "judged";
    public override string Detail => (MerchantResponsible ? $"{Winner} wins; merchant responsible" : $"{Winner} wins")
                                     + (AwardedAmount is { } awarded ? $"; {awarded} yuan awarded" : "");
}

/// <summary>Money goes back to the buyer: ends the refund and is the single source of its payout.</summary>
public sealed record RefundExecuted(DateTimeOffset At, Actor Actor, decimal Amount, RefundOutcome Outcome, Automation Automation, bool ZeroSecond, string PayoutKey)
    : RefundEvent(At, Actor)
{
    public override string Action => "refund_executed";
    public override string Detail => Automation == Automation.None ? $"{Amount} yuan" : $"{Amount} yuan by {Automation}";
}

public sealed record ReplacementShipped(DateTimeOffset At, string TrackingNumber) : RefundEvent(At, Actor.Seller)
{
    public override string Action => "replacement_shipped";
    public override string Detail => TrackingNumber;
}

/// <summary>The replacement reached the buyer: ends the exchange or reship.</summary>
public sealed record ReplacementReceived(DateTimeOffset At, Actor Actor, Automation Automation, RefundOutcome Outcome) : RefundEvent(At, Actor)
{
    public override string Action => "replacement_received";
    public override string? Detail => Automation == Automation.None ? null : Automation.ToString();
}

/// <summary>An exchange became a return and refund of this amount (TOP <c>EXCHANGE_TRANSFORM_TO_REFUND</c>).</summary>
public sealed record ExchangeConvertedToRefund(DateTimeOffset At, decimal Amount) : RefundEvent(At, Actor.Buyer)
{
    public override string Action => "exchange_converted_to_refund";
    public override string Detail => $"{Amount} yuan";
}

public sealed record RefundClosed(DateTimeOffset At, Actor Actor, RefundOutcome Outcome) : RefundEvent(At, Actor)
{
    public override string Action => "refund_closed";
    public override string Detail => Outcome.ToString();
}

public sealed record FraudSignalRaised(DateTimeOffset At, FraudSignal Signal) : RefundEvent(At, Actor.System)
{
    public override string Action => "fraud_signal";
    public override string Detail => Signal.ToString();
}

public sealed record AppealFiled(DateTimeOffset At, string Reason) : RefundEvent(At, Actor.Seller)
{
    public override string Action => "appeal_filed";
    public override string Detail => Reason;
}

public sealed record RefundDeadlineScheduled(DateTimeOffset At, DeadlineKind Kind, DateTimeOffset Due) : RefundEvent(At, Actor.System)
{
    public override string Action => "deadline_scheduled";
    public override string Detail => $"{Kind} due {Due:O}";
}

public sealed record RefundDeadlineExpired(DateTimeOffset At, DeadlineKind Kind) : RefundEvent(At, Actor.System)
{
    public override string Action => "deadline_expired";
    public override string Detail => Kind.ToString();
}
