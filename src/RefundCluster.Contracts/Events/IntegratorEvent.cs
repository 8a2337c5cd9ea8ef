using System.Text.Json.Serialization;

namespace RefundCluster.Contracts.Events;

/// <summary>
/// An event an integrator sends. <see cref="Kind"/> names it on the wire (<c>"kind": "refund.requested"</c>);
/// <see cref="EventId"/> makes resending it safe: the first answer is replayed and nothing changes.
/// Every event names its order, so that a batch can keep one order's events in sequence.
/// </summary>
[GenerateSerializer]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(OrderPaidEvent), OrderPaidEvent.KindName)]
[JsonDerivedType(typeof(OrderShippedEvent), OrderShippedEvent.KindName)]
[JsonDerivedType(typeof(LogisticsUpdatedEvent), LogisticsUpdatedEvent.KindName)]
[JsonDerivedType(typeof(OrderDeliveredEvent), OrderDeliveredEvent.KindName)]
[JsonDerivedType(typeof(OrderCompletedEvent), OrderCompletedEvent.KindName)]
[JsonDerivedType(typeof(RefundRequestedEvent), RefundRequestedEvent.KindName)]
[JsonDerivedType(typeof(RefundConfirmedEvent), RefundConfirmedEvent.KindName)]
[JsonDerivedType(typeof(RefundApprovedEvent), RefundApprovedEvent.KindName)]
[JsonDerivedType(typeof(RefundRefusedEvent), RefundRefusedEvent.KindName)]
[JsonDerivedType(typeof(RefundCancelledEvent), RefundCancelledEvent.KindName)]
[JsonDerivedType(typeof(RefundModifiedEvent), RefundModifiedEvent.KindName)]
[JsonDerivedType(typeof(ReturnShippedEvent), ReturnShippedEvent.KindName)]
[JsonDerivedType(typeof(ReturnSignedEvent), ReturnSignedEvent.KindName)]
[JsonDerivedType(typeof(WarehouseReceivedEvent), WarehouseReceivedEvent.KindName)]
[JsonDerivedType(typeof(InterceptionRequestedEvent), InterceptionRequestedEvent.KindName)]
[JsonDerivedType(typeof(InterceptionSucceededEvent), InterceptionSucceededEvent.KindName)]
[JsonDerivedType(typeof(InterceptionFailedEvent), InterceptionFailedEvent.KindName)]
[JsonDerivedType(typeof(OfferMadeEvent), OfferMadeEvent.KindName)]
[JsonDerivedType(typeof(OfferAcceptedEvent), OfferAcceptedEvent.KindName)]
[JsonDerivedType(typeof(OfferRejectedEvent), OfferRejectedEvent.KindName)]
[JsonDerivedType(typeof(InterventionRequestedEvent), InterventionRequestedEvent.KindName)]
[JsonDerivedType(typeof(InterventionStartedEvent), InterventionStartedEvent.KindName)]
[JsonDerivedType(typeof(RefundJudgedEvent), RefundJudgedEvent.KindName)]
[JsonDerivedType(typeof(AppealFiledEvent), AppealFiledEvent.KindName)]
[JsonDerivedType(typeof(AppealDecidedEvent), AppealDecidedEvent.KindName)]
[JsonDerivedType(typeof(RefundMessageEvent), RefundMessageEvent.KindName)]
[JsonDerivedType(typeof(ReplacementShippedEvent), ReplacementShippedEvent.KindName)]
[JsonDerivedType(typeof(ReplacementReceivedEvent), ReplacementReceivedEvent.KindName)]
[JsonDerivedType(typeof(ExchangeConvertedToRefundEvent), ExchangeConvertedToRefundEvent.KindName)]
public abstract record IntegratorEvent
{
    [Id(0)] public required string EventId { get; init; }
    [Id(1)] public required string OrderId { get; init; }
    /// <summary>When the integrator saw it happen; kept for the record. Deadlines run on the cluster's clock.</summary>
    [Id(2)] public DateTimeOffset? OccurredAt { get; init; }
    /// <summary>
    /// The credential that sent it, set by the API from the authenticated key (never read from the payload) and kept in
    /// the entity's history. Not part of the event's identity: a retry by another key is still the same event.
    /// </summary>
    [Id(3)] [JsonIgnore] public string? SentBy { get; init; }

    /// <summary>
    /// The shops the sending credential is limited to (default: every shop), set by the API. The entity's grain checks
    /// it before anything else, so another shop's order or refund answers as if it did not exist, atomically.
    /// </summary>
    [Id(4)] [JsonIgnore] public System.Collections.Immutable.ImmutableArray<string> ShopScope { get; init; }

    public bool InScope(string shopId) => ShopScope.IsDefaultOrEmpty || ShopScope.Contains(shopId);
}

/// <summary>An event about an order; handled by the order's grain.</summary>
[GenerateSerializer]
public abstract record OrderIntegratorEvent : IntegratorEvent;

/// <summary>An event about a refund; handled by the refund's grain.</summary>
[GenerateSerializer]
public abstract record RefundIntegratorEvent : IntegratorEvent
{
    [Id(0)] public required string RefundId { get; init; }

    /// <summary>
    /// Optional optimistic concurrency, as TOP's write APIs ask for <c>refund_version</c>: the write applies only if the
    /// refund is still at this version (0: not requested yet), else it is refused with <c>refund.version_stale</c>.
    /// </summary>
    [Id(1)] public int? RefundVersion { get; init; }
}
