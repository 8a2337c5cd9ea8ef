using RefundCluster.Domain.Common;
using RefundCluster.Domain.Orders;

namespace RefundCluster.Domain.Refunds;

/// <summary>What an actor asks of a refund.</summary>
public abstract record RefundCommand(Actor Actor);

/// <summary>A new refund of the order; it is decided against the order as it is when the request arrives.</summary>
/// <param name="FiledBy">The buyer, or an agent filing on the buyer's behalf (代客售后).</param>
/// <param name="LineId">The line (sub-order, TOP <c>oid</c>) the refund is for; null for the whole order.</param>
/// <param name="Quantity">How many of the line's items; all of them when null (only with a line).</param>
public sealed record RequestRefund(string RefundId, RefundKind Kind, RefundReason Reason, decimal Amount, Actor FiledBy, string? LineId = null, int? Quantity = null)
    : RefundCommand(FiledBy);

/// <summary>The buyer confirms an agent-filed refund in one click: the confirmation is the agreement (seed 000).</summary>
public sealed record ConfirmRefund() : RefundCommand(Actor.Buyer);

/// <summary>The seller agrees: to refund, to a return (with an address), or to an exchange or reship.</summary>
public sealed record ApproveRefund(string? ReturnAddress) : RefundCommand(Actor.Seller);

public sealed record RefuseRefund(string Reason) : RefundCommand(Actor.Seller);

public sealed record CancelRefund() : RefundCommand(Actor.Buyer);

/// <summary>The buyer changes the amount (never upwards) or the reason; the first reason stays on record.</summary>
public sealed record ModifyRefund(decimal? Amount, RefundReason? Reason) : RefundCommand(Actor.Buyer);

public sealed record ShipReturn(string TrackingNumber) : RefundCommand(Actor.Buyer);

public sealed record SignReturn() : RefundCommand(Actor.Logistics);

/// <summary>The warehouse's ERP booked the returned item into stock (ERP入仓).</summary>
public sealed record ReceiveIntoWarehouse() : RefundCommand(Actor.Warehouse);

public sealed record RequestInterception(Actor RequestedBy) : RefundCommand(RequestedBy);

public sealed record ReportInterception(bool Succeeded) : RefundCommand(Actor.Logistics);

public sealed record MakeOffer(Offer Offer) : RefundCommand(Actor.Seller);

public sealed record AnswerOffer(bool Accepted) : RefundCommand(Actor.Buyer);

/// <summary>
/// 申请小二介入: the buyer after the seller refused, or the seller (a dispute over the request or over the returned goods).
/// Only the buyer's count in 平台求助率.
/// </summary>
public sealed record RequestIntervention(Actor RequestedBy = Actor.Buyer) : RefundCommand(RequestedBy);

/// <summary>Evidence or a message on the refund (TOP <c>RefundMessage</c>): text and picture URLs, by buyer, seller or platform.</summary>
public sealed record SubmitEvidence(Actor Owner, string Content, System.Collections.Immutable.ImmutableArray<string> PictureUrls) : RefundCommand(Owner);

/// <summary>The platform decides a seller's appeal; upheld, it clears the merchant's responsibility (纠纷退款率 corrects).</summary>
public sealed record DecideAppeal(bool Upheld) : RefundCommand(Actor.Platform);

/// <summary>Platform staff take the case (小二介入).</summary>
public sealed record StartIntervention() : RefundCommand(Actor.Platform);

/// <param name="Amount">What the platform awards the buyer; the requested amount when absent.</param>
public sealed record Judge(JudgmentWinner Winner, bool MerchantResponsible, decimal? Amount) : RefundCommand(Actor.Platform);

public sealed record FileAppeal(string Reason) : RefundCommand(Actor.Seller);

public sealed record ShipReplacement(string TrackingNumber) : RefundCommand(Actor.Seller);

/// <summary>The replacement reached the buyer (the buyer confirms, or logistics reports it delivered): the exchange or reship succeeds.</summary>
public sealed record ReceiveReplacement(Actor By) : RefundCommand(By);

/// <summary>
/// 换货转退款 (TOP <c>EXCHANGE_TRANSFORM_TO_REFUND</c>): with the goods back and no replacement shipped yet, the buyer
/// takes money instead; refunded at once, within what the order can still refund.
/// </summary>
public sealed record ConvertExchangeToRefund(decimal Amount) : RefundCommand(Actor.Buyer);

public sealed record ExpireRefundDeadline(DeadlineKind Kind) : RefundCommand(Actor.System);
