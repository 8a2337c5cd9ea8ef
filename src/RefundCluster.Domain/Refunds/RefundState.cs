using System.Collections.Immutable;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Orders;

namespace RefundCluster.Domain.Refunds;

/// <summary>A refund: where it stands, what it is waiting for, and everything that happened to it.</summary>
public sealed record RefundState
{
    public required string RefundId { get; init; }
    public required string OrderId { get; init; }
    public required string ShopId { get; init; }
    public required string BuyerId { get; init; }
    public required RefundKind Kind { get; init; }
    public required RefundScenario Scenario { get; init; }
    public required OrderPhase Phase { get; init; }
    /// <summary>售中 or 售后: before or after the trade completed (TOP <c>refund_phase</c>).</summary>
    public SalePhase SalePhase { get; init; }
    /// <summary>The line (sub-order) the refund is for; null for the whole order.</summary>
    public string? LineId { get; init; }
    /// <summary>How many of the line's items (0 for a refund of the whole order).</summary>
    public int Quantity { get; init; }
    public required RefundStatus Status { get; init; }
    public required decimal RequestedAmount { get; init; }
    /// <summary>Kept forever: 首次品退率 counts the first reason, whatever the buyer changes later.</summary>
    public required RefundReason FirstReason { get; init; }
    public required RefundReason CurrentReason { get; init; }
    public required Actor FiledBy { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    public required OrderFlags OrderFlags { get; init; }
    /// <summary>The order's SKUs, for 指定商品自动退.</summary>
    public ImmutableArray<string> OrderSkus { get; init; } = [];
    public decimal RefundedAmount { get; init; }
    /// <summary>What a judgment for the buyer awarded, when less than requested; paid once the goods are back.</summary>
    public decimal? AwardedAmount { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public RefundOutcome? Outcome { get; init; }
    public Actor? EndedBy { get; init; }
    public Automation EndedByAutomation { get; init; }
    /// <summary>Refunded in the same instant it was requested (0秒退 and friends).</summary>
    public bool ZeroSecond { get; init; }
    /// <summary>The payout's idempotency key, set once money is decided to go back.</summary>
    public string? PayoutKey { get; init; }
    public InterceptionStatus Interception { get; init; }
    public Offer? PendingOffer { get; init; }
    public string? ReturnAddress { get; init; }
    public string? ReturnTrackingNumber { get; init; }
    public string? ReplacementTrackingNumber { get; init; }
    /// <summary>The seller missed the replacement's ship-by time.</summary>
    public bool ReplacementOverdue { get; init; }
    /// <summary>When the returned parcel was signed for: the shop has 48 h from here.</summary>
    public DateTimeOffset? ReturnSignedAt { get; init; }
    public bool WarehouseReceived { get; init; }
    public string? RefusalReason { get; init; }
    public int RefusalCount { get; init; }
    /// <summary>Where the refund stood when the seller refused, so that a later approval resumes from there.</summary>
    public RefundStatus? StatusBeforeRefusal { get; init; }
    public InterventionStage Intervention { get; init; }
    /// <summary>The buyer raised a dispute; it counts in 平台求助率 (when raised) even if withdrawn. Seller-raised ones do not.</summary>
    public bool DisputeRaised { get; init; }
    /// <summary>
    /// When the seller's side first answered the request (退款处理时长): approved, refused, offered something, or a shop
    /// automation or the silent-seller timer refunded for it. Null while no one has, and for a refund the buyer
    /// withdrew first.
    /// </summary>
    public DateTimeOffset? FirstRespondedAt { get; init; }
    /// <summary>When the buyer first raised a dispute: 平台求助率 counts it then, not at the request.</summary>
    public DateTimeOffset? DisputeRaisedAt { get; init; }
    /// <summary>Who asked for the platform's intervention last (buyer or seller).</summary>
    public Actor? InterventionRequestedBy { get; init; }
    /// <summary>Where the refund stood when the dispute began (before any refusal), so a judgment knows where the goods are.</summary>
    public RefundStatus? StatusBeforeDispute { get; init; }
    /// <summary>Evidence and messages, oldest first (TOP <c>RefundMessage</c>).</summary>
    public ImmutableList<RefundMessage> Messages { get; init; } = [];
    /// <summary>Malicious-refund patterns seen on this refund (seed 002).</summary>
    public ImmutableSortedSet<FraudSignal> FraudSignals { get; init; } = [];
    /// <summary>How many times the buyer modified the request.</summary>
    public int ModificationCount { get; init; }
    /// <summary>Null until the platform decides the appeal.</summary>
    public bool? AppealUpheld { get; init; }
    public bool JudgmentOverdue { get; init; }
    public JudgmentWinner? JudgmentWinner { get; init; }
    /// <summary>Judged against the merchant: counts in 纠纷退款率.</summary>
    public bool MerchantResponsible { get; init; }
    public bool Appealed { get; init; }
    public bool AppealWindowClosed { get; init; }
    public ImmutableDictionary<DeadlineKind, DateTimeOffset> Deadlines { get; init; } = ImmutableDictionary<DeadlineKind, DateTimeOffset>.Empty;
    public ImmutableList<HistoryEntry> History { get; init; } = [];
    /// <summary>Number of events applied; grows by one per event, so later versions supersede earlier ones.</summary>
    public int Version { get; init; }

    public bool IsTerminal => Status is RefundStatus.Succeeded or RefundStatus.Closed;

    public bool MovesMoney => RefundKinds.MovesMoney(Kind);

    /// <summary>What goes back to the buyer when the refund pays: the award of a judgment, else the request.</summary>
    public decimal PayableAmount => AwardedAmount ?? RequestedAmount;

    /// <summary>
    /// Platform staff took the case up (intervention started, or judged): the refund is not self-completed and stays
    /// out of completion times however it ends, even if the buyer withdraws it afterwards.
    /// </summary>
    public bool TakenUpByPlatform => Intervention is InterventionStage.Intervened or InterventionStage.Judged;

    public DateTimeOffset? NextDeadline => Deadlines.IsEmpty ? null : Deadlines.Earliest();

    /// <summary>The actor whose move the refund waits for; null once it has ended.</summary>
    public Actor? WaitingOn => RefundStatuses.WaitingOn(Status);

    /// <summary>TOP <c>good_status</c>: where the goods are as far as this refund knows.</summary>
    public string TaobaoGoodStatus => ReturnTrackingNumber is not null ? "BUYER_RETURNED_GOODS"
        : Phase == OrderPhase.Received ? "BUYER_RECEIVED" : "BUYER_NOT_RECEIVED";

    /// <summary>TOP <c>has_good_return</c>: the refund asks for the goods back.</summary>
    public bool HasGoodReturn => Kind is RefundKind.ReturnAndRefund or RefundKind.Exchange;

    /// <summary>Who pays the postage of the goods sent back, by the current reason (none when nothing goes back).</summary>
    public PostagePayer ReturnPostagePayer => RefundReasons.ReturnPostagePayer(CurrentReason, HasGoodReturn, OrderFlags.FreightInsurance);

    /// <summary>TOP <c>refund_phase</c>.</summary>
    public string TaobaoRefundPhase => SalePhase == SalePhase.AfterSale ? "aftersale" : "onsale";

    /// <summary>
    /// TOP <c>cs_status</c> (客服介入): 1 not needed, 2 requested, 3 intervened, 6 done. TOP's 4 (first review done) and 5
    /// (supervisor review failed) are stages inside the platform that this cluster does not model.
    /// </summary>
    public int TaobaoCsStatus => Intervention switch
    {
        InterventionStage.Requested => 2,
        InterventionStage.Intervened => 3,
        InterventionStage.Judged => 6,
        _ => 1,
    };

    /// <summary>The matching Taobao open-platform refund status integrators already know.</summary>
    public string TaobaoStatus => Status switch
    {
        RefundStatus.WaitingBuyerConfirm or RefundStatus.WaitingSellerAgree => "WAIT_SELLER_AGREE",
        RefundStatus.WaitingBuyerReturn => "WAIT_BUYER_RETURN_GOODS",
        RefundStatus.WaitingSellerConfirmGoods or RefundStatus.ReturnSigned or RefundStatus.WaitingReplacement => "WAIT_SELLER_CONFIRM_GOODS",
        // TOP's refund statuses stop at the seller; the replacement's way back to the buyer reads as the trade's.
        RefundStatus.WaitingBuyerReceiveReplacement => "WAIT_BUYER_CONFIRM_GOODS",
        RefundStatus.SellerRefused or RefundStatus.PlatformReview => "SELLER_REFUSE_BUYER",
        RefundStatus.Succeeded => "SUCCESS",
        _ => "CLOSED",
    };
}
