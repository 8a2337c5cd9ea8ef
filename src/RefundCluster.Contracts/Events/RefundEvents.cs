using RefundCluster.Domain.Refunds;

namespace RefundCluster.Contracts.Events;

/// <summary>Who files a refund: the buyer, or an agent on the buyer's behalf (代客售后).</summary>
public enum FiledBy
{
    Buyer,
    Agent,
}

[GenerateSerializer, Immutable, Alias("refund.requested")]
public sealed record RefundRequestedEvent : RefundIntegratorEvent
{
    public const string KindName = "refund.requested";
    [Id(0)] public required RefundKind RefundKind { get; init; }
    [Id(1)] public required RefundReason Reason { get; init; }
    /// <summary>Yuan; omitted or zero for exchange and reship.</summary>
    [Id(2)] public decimal Amount { get; init; }
    [Id(3)] public FiledBy FiledBy { get; init; }
    /// <summary>The order line (sub-order, TOP <c>oid</c>) the refund is for; omitted for the whole order.</summary>
    [Id(4)] public string? LineId { get; init; }
    /// <summary>How many of the line's items (needs <see cref="LineId"/>); all of them when omitted.</summary>
    [Id(5)] public int? Quantity { get; init; }
}

[GenerateSerializer, Immutable, Alias("refund.confirmed")]
public sealed record RefundConfirmedEvent : RefundIntegratorEvent
{
    public const string KindName = "refund.confirmed";
}

[GenerateSerializer, Immutable, Alias("refund.approved")]
public sealed record RefundApprovedEvent : RefundIntegratorEvent
{
    public const string KindName = "refund.approved";
    [Id(0)] public string? ReturnAddress { get; init; }
}

[GenerateSerializer, Immutable, Alias("refund.refused")]
public sealed record RefundRefusedEvent : RefundIntegratorEvent
{
    public const string KindName = "refund.refused";
    [Id(0)] public required string Reason { get; init; }
}

[GenerateSerializer, Immutable, Alias("refund.cancelled")]
public sealed record RefundCancelledEvent : RefundIntegratorEvent
{
    public const string KindName = "refund.cancelled";
}

[GenerateSerializer, Immutable, Alias("refund.modified")]
public sealed record RefundModifiedEvent : RefundIntegratorEvent
{
    public const string KindName = "refund.modified";
    [Id(0)] public decimal? Amount { get; init; }
    [Id(1)] public RefundReason? Reason { get; init; }
}

[GenerateSerializer, Immutable, Alias("return.shipped")]
public sealed record ReturnShippedEvent : RefundIntegratorEvent
{
    public const string KindName = "return.shipped";
    [Id(0)] public required string TrackingNumber { get; init; }
}

[GenerateSerializer, Immutable, Alias("return.signed")]
public sealed record ReturnSignedEvent : RefundIntegratorEvent
{
    public const string KindName = "return.signed";
}

[GenerateSerializer, Immutable, Alias("warehouse.received")]
public sealed record WarehouseReceivedEvent : RefundIntegratorEvent
{
    public const string KindName = "warehouse.received";
}

/// <summary>Who asks logistics to stop the parcel.</summary>
public enum InterceptionRequester
{
    Seller,
    Platform,
    Warehouse,
}

[GenerateSerializer, Immutable, Alias("interception.requested")]
public sealed record InterceptionRequestedEvent : RefundIntegratorEvent
{
    public const string KindName = "interception.requested";
    [Id(0)] public InterceptionRequester RequestedBy { get; init; }
}

[GenerateSerializer, Immutable, Alias("interception.succeeded")]
public sealed record InterceptionSucceededEvent : RefundIntegratorEvent
{
    public const string KindName = "interception.succeeded";
}

[GenerateSerializer, Immutable, Alias("interception.failed")]
public sealed record InterceptionFailedEvent : RefundIntegratorEvent
{
    public const string KindName = "interception.failed";
}

[GenerateSerializer, Immutable, Alias("offer.made")]
public sealed record OfferMadeEvent : RefundIntegratorEvent
{
    public const string KindName = "offer.made";
    [Id(0)] public required OfferKind OfferKind { get; init; }
    [Id(1)] public decimal Amount { get; init; }
    [Id(2)] public string? Note { get; init; }
}

[GenerateSerializer, Immutable, Alias("offer.accepted")]
public sealed record OfferAcceptedEvent : RefundIntegratorEvent
{
    public const string KindName = "offer.accepted";
}

[GenerateSerializer, Immutable, Alias("offer.rejected")]
public sealed record OfferRejectedEvent : RefundIntegratorEvent
{
    public const string KindName = "offer.rejected";
}

/// <summary>Who asks for the platform's intervention (小二介入): only the buyer's count in 平台求助率.</summary>
public enum DisputeParty
{
    Buyer,
    Seller,
}

[GenerateSerializer, Immutable, Alias("intervention.requested")]
public sealed record InterventionRequestedEvent : RefundIntegratorEvent
{
    public const string KindName = "intervention.requested";
    [Id(0)] public DisputeParty RequestedBy { get; init; }
}

/// <summary>Whose message or evidence it is (TOP <c>RefundMessage.owner_role</c>).</summary>
public enum MessageOwner
{
    Buyer,
    Seller,
    Platform,
}

/// <summary>A message with evidence on a refund: text and up to 9 picture URLs.</summary>
[GenerateSerializer, Immutable, Alias("refund.message")]
public sealed record RefundMessageEvent : RefundIntegratorEvent
{
    public const string KindName = "refund.message";
    [Id(0)] public required MessageOwner Owner { get; init; }
    [Id(1)] public required string Content { get; init; }
    [Id(2)] public System.Collections.Immutable.ImmutableArray<string> PictureUrls { get; init; } = [];
}

/// <summary>The platform decides a seller's appeal; upheld, it clears the merchant's responsibility.</summary>
[GenerateSerializer, Immutable, Alias("appeal.decided")]
public sealed record AppealDecidedEvent : RefundIntegratorEvent
{
    public const string KindName = "appeal.decided";
    [Id(0)] public required bool Upheld { get; init; }
}

[GenerateSerializer, Immutable, Alias("intervention.started")]
public sealed record InterventionStartedEvent : RefundIntegratorEvent
{
    public const string KindName = "intervention.started";
}

[GenerateSerializer, Immutable, Alias("refund.judged")]
public sealed record RefundJudgedEvent : RefundIntegratorEvent
{
    public const string KindName = "refund.judged";
    [Id(0)] public required JudgmentWinner Winner { get; init; }
    [Id(1)] public bool MerchantResponsible { get; init; }
    /// <summary>What the buyer is awarded; the requested amount when omitted.</summary>
    [Id(2)] public decimal? Amount { get; init; }
}

[GenerateSerializer, Immutable, Alias("appeal.filed")]
public sealed record AppealFiledEvent : RefundIntegratorEvent
{
    public const string KindName = "appeal.filed";
    [Id(0)] public required string Reason { get; init; }
}

/// <summary>The replacement reached the buyer (sent by logistics, or the buyer confirming): the exchange or reship succeeds.</summary>
[GenerateSerializer, Immutable, Alias("replacement.received")]
public sealed record ReplacementReceivedEvent : RefundIntegratorEvent
{
    public const string KindName = "replacement.received";
    /// <summary>Who reports it: the buyer (default) or logistics.</summary>
    [Id(0)] public ReplacementReporter ReportedBy { get; init; }
}

/// <summary>Who reports that a replacement arrived.</summary>
public enum ReplacementReporter
{
    Buyer,
    Logistics,
}

/// <summary>换货转退款: with the goods back and no replacement shipped, the buyer takes this amount instead.</summary>
[GenerateSerializer, Immutable, Alias("exchange.converted_to_refund")]
public sealed record ExchangeConvertedToRefundEvent : RefundIntegratorEvent
{
    public const string KindName = "exchange.converted_to_refund";
    [Id(0)] public required decimal Amount { get; init; }
}

[GenerateSerializer, Immutable, Alias("replacement.shipped")]
public sealed record ReplacementShippedEvent : RefundIntegratorEvent
{
    public const string KindName = "replacement.shipped";
    [Id(0)] public required string TrackingNumber { get; init; }
}
