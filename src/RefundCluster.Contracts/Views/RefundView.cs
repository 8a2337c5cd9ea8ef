using System.Collections.Immutable;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Contracts.Views;

/// <summary>Everything a shop service or integrator needs to know about one refund.</summary>
[GenerateSerializer, Immutable, Alias("refund.view")]
public sealed record RefundView
{
    [Id(0)] public required string RefundId { get; init; }
    [Id(1)] public required string OrderId { get; init; }
    [Id(2)] public required string ShopId { get; init; }
    [Id(3)] public required string BuyerId { get; init; }
    [Id(4)] public required RefundKind RefundKind { get; init; }
    [Id(5)] public required RefundScenario Scenario { get; init; }
    [Id(6)] public required RefundStatus Status { get; init; }
    /// <summary>The matching Taobao open-platform status (WAIT_SELLER_AGREE ...).</summary>
    [Id(7)] public required string TaobaoStatus { get; init; }
    [Id(8)] public required InterventionStage InterventionStage { get; init; }
    [Id(9)] public required decimal RequestedAmount { get; init; }
    [Id(10)] public required decimal RefundedAmount { get; init; }
    [Id(11)] public required RefundReason FirstReason { get; init; }
    [Id(12)] public required RefundReason CurrentReason { get; init; }
    [Id(13)] public required Actor FiledBy { get; init; }
    [Id(14)] public required DateTimeOffset RequestedAt { get; init; }
    [Id(15)] public DateTimeOffset? EndedAt { get; init; }
    [Id(16)] public RefundOutcome? Outcome { get; init; }
    [Id(17)] public Actor? EndedBy { get; init; }
    [Id(18)] public Automation Automation { get; init; }
    [Id(19)] public bool ZeroSecond { get; init; }
    [Id(20)] public string? PayoutKey { get; init; }
    [Id(21)] public InterceptionStatus Interception { get; init; }
    [Id(22)] public OfferView? PendingOffer { get; init; }
    [Id(23)] public string? ReturnAddress { get; init; }
    [Id(24)] public string? ReturnTrackingNumber { get; init; }
    [Id(25)] public bool WarehouseReceived { get; init; }
    [Id(26)] public string? RefusalReason { get; init; }
    [Id(27)] public bool DisputeRaised { get; init; }
    [Id(28)] public JudgmentWinner? JudgmentWinner { get; init; }
    [Id(29)] public bool MerchantResponsible { get; init; }
    [Id(30)] public bool JudgmentOverdue { get; init; }
    [Id(31)] public bool Appealed { get; init; }
    [Id(32)] public bool AppealWindowClosed { get; init; }
    /// <summary>Whose move it is; null once the refund has ended.</summary>
    [Id(33)] public Actor? WaitingOn { get; init; }
    /// <summary>Taobao's <c>timeout</c>: the earliest pending deadline.</summary>
    [Id(34)] public DateTimeOffset? NextDeadline { get; init; }
    [Id(35)] public ImmutableArray<DeadlineView> Deadlines { get; init; } = [];
    [Id(36)] public ImmutableArray<HistoryEntryView> History { get; init; } = [];
    [Id(37)] public int Version { get; init; }
    /// <summary>售中 or 售后 (TOP <c>refund_phase</c>: on_sale = onsale, after_sale = aftersale).</summary>
    [Id(38)] public SalePhase SalePhase { get; init; }
    /// <summary>What a judgment for the buyer awarded when less than requested: paid once the goods are back.</summary>
    [Id(39)] public decimal? AwardedAmount { get; init; }
    /// <summary>What may be done to the refund now (approve, refuse, ship_return ...), as the state machine would decide it.</summary>
    [Id(40)] public System.Collections.Immutable.ImmutableArray<string> AllowedOperations { get; init; } = [];
    /// <summary>The refund in TOP's field names (good_status, refund_phase, cs_status ...).</summary>
    [Id(41)] public TaobaoRefundView? Taobao { get; init; }
    /// <summary>Messages and evidence, oldest first.</summary>
    [Id(42)] public ImmutableArray<RefundMessageView> Messages { get; init; } = [];
    /// <summary>Who asked for the platform's intervention (buyer or seller); null if nobody did.</summary>
    [Id(43)] public Actor? InterventionRequestedBy { get; init; }
    /// <summary>When the buyer raised a dispute (平台求助率 counts it then).</summary>
    [Id(44)] public DateTimeOffset? DisputeRaisedAt { get; init; }
    /// <summary>The platform's decision on the seller's appeal; null while none was decided.</summary>
    [Id(45)] public bool? AppealUpheld { get; init; }
    [Id(46)] public string? ReplacementTrackingNumber { get; init; }
    /// <summary>The seller missed the replacement's ship-by time: the buyer may take money instead.</summary>
    [Id(47)] public bool ReplacementOverdue { get; init; }
    /// <summary>The order line (sub-order) the refund is for; null for the whole order.</summary>
    [Id(48)] public string? LineId { get; init; }
    /// <summary>How many of the line's items (0 for the whole order).</summary>
    [Id(49)] public int Quantity { get; init; }
    /// <summary>What goes back to whom, as the refund stands (money so far, goods, postage, replacement).</summary>
    [Id(50)] public RefundSettlementView? Settlement { get; init; }
    /// <summary>Malicious-refund patterns seen on the refund (shared_return_tracking, repeated_modification, claimed_not_received_but_delivered).</summary>
    [Id(51)] public ImmutableArray<FraudSignal> FraudSignals { get; init; } = [];
}
