using System.Reflection;
using System.Text.Json.Serialization;
using RefundCluster.Contracts.Events;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Silo.Api;

/// <summary>
/// One example of each event kind, as typed events (so they stay valid as the contracts change): shown in the OpenAPI
/// document and the API reference. A kind without an example fails the document (and so its test).
/// </summary>
public static class EventExamples
{
    private const string Order = "o-1001";
    private const string Refund = "r-2001";
    private const string At = "2026-11-11T10:00:00+08:00";

    public static IReadOnlyList<IntegratorEvent> All { get; } =
    [
        new OrderPaidEvent
        {
            EventId = "evt-1", OrderId = Order, ShopId = "shop-1", BuyerId = "buyer-1", PaidAmount = 199.00m, FreightInsurance = true,
            Lines = [new OrderLineDto("sku-red-m", 1, 129.00m, "1"), new OrderLineDto("sku-belt", 1, 70.00m, "2")],
            OccurredAt = DateTimeOffset.Parse(At, System.Globalization.CultureInfo.InvariantCulture),
        },
        new OrderShippedEvent { EventId = "evt-2", OrderId = Order, TrackingNumber = "SF1234567890" },
        new LogisticsUpdatedEvent { EventId = "evt-3", OrderId = Order, OutForDelivery = true },
        new OrderDeliveredEvent { EventId = "evt-4", OrderId = Order },
        new OrderCompletedEvent { EventId = "evt-5", OrderId = Order },
        new RefundRequestedEvent
        {
            EventId = "evt-6", OrderId = Order, RefundId = Refund, RefundKind = RefundKind.ReturnAndRefund,
            Reason = RefundReason.QualityDefect, Amount = 129.00m, LineId = "1",
        },
        new RefundConfirmedEvent { EventId = "evt-7", OrderId = Order, RefundId = Refund },
        new RefundApprovedEvent { EventId = "evt-8", OrderId = Order, RefundId = Refund, ReturnAddress = "Hangzhou, Yuhang, Wenyi W Rd 969", RefundVersion = 1 },
        new RefundRefusedEvent { EventId = "evt-9", OrderId = Order, RefundId = Refund, Reason = "The item was used." },
        new RefundCancelledEvent { EventId = "evt-10", OrderId = Order, RefundId = Refund },
        new RefundModifiedEvent { EventId = "evt-11", OrderId = Order, RefundId = Refund, Amount = 99.50m },
        new ReturnShippedEvent { EventId = "evt-12", OrderId = Order, RefundId = Refund, TrackingNumber = "YT9876543210" },
        new ReturnSignedEvent { EventId = "evt-13", OrderId = Order, RefundId = Refund },
        new WarehouseReceivedEvent { EventId = "evt-14", OrderId = Order, RefundId = Refund },
        new InterceptionRequestedEvent { EventId = "evt-15", OrderId = Order, RefundId = Refund, RequestedBy = InterceptionRequester.Seller },
        new InterceptionSucceededEvent { EventId = "evt-16", OrderId = Order, RefundId = Refund },
        new InterceptionFailedEvent { EventId = "evt-17", OrderId = Order, RefundId = Refund },
        new OfferMadeEvent { EventId = "evt-18", OrderId = Order, RefundId = Refund, OfferKind = OfferKind.PartialRefund, Amount = 30.00m, Note = "Keep it, with 30 yuan back." },
        new OfferAcceptedEvent { EventId = "evt-19", OrderId = Order, RefundId = Refund },
        new OfferRejectedEvent { EventId = "evt-20", OrderId = Order, RefundId = Refund },
        new InterventionRequestedEvent { EventId = "evt-21", OrderId = Order, RefundId = Refund, RequestedBy = DisputeParty.Buyer },
        new InterventionStartedEvent { EventId = "evt-22", OrderId = Order, RefundId = Refund },
        new RefundJudgedEvent { EventId = "evt-23", OrderId = Order, RefundId = Refund, Winner = JudgmentWinner.Buyer, MerchantResponsible = true, Amount = 129.00m },
        new AppealFiledEvent { EventId = "evt-24", OrderId = Order, RefundId = Refund, Reason = "The photos show another item." },
        new AppealDecidedEvent { EventId = "evt-25", OrderId = Order, RefundId = Refund, Upheld = false },
        new RefundMessageEvent
        {
            EventId = "evt-26", OrderId = Order, RefundId = Refund, Owner = MessageOwner.Buyer, Content = "The seam is torn, photos attached.",
            PictureUrls = ["https://img.example.com/r-2001/1.jpg"],
        },
        new ReplacementShippedEvent { EventId = "evt-27", OrderId = Order, RefundId = Refund, TrackingNumber = "ZTO5550001112" },
        new ReplacementReceivedEvent { EventId = "evt-28", OrderId = Order, RefundId = Refund, ReportedBy = ReplacementReporter.Logistics },
        new ExchangeConvertedToRefundEvent { EventId = "evt-29", OrderId = Order, RefundId = Refund, Amount = 129.00m },
    ];

    /// <summary>Every kind a client may send (the union's <see cref="JsonDerivedTypeAttribute"/>s), by wire name, in declaration order.</summary>
    public static IReadOnlyDictionary<string, Type> Kinds { get; } = new OrderedDictionary<string, Type>(
        typeof(IntegratorEvent).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => KeyValuePair.Create((string)a.TypeDiscriminator!, a.DerivedType)),
        StringComparer.Ordinal);

    /// <summary>The example of a kind; throws for a kind that has none, so that a new kind cannot go undocumented.</summary>
    public static IntegratorEvent Of(Type kind) =>
        All.SingleOrDefault(e => e.GetType() == kind) ?? throw new InvalidOperationException($"No example of {kind.Name}: add one to {nameof(EventExamples)}.");
}
