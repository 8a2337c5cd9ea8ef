using System.Collections.Immutable;
using RefundCluster.Contracts.Events;
using RefundCluster.Domain.Orders;

namespace RefundCluster.Contracts.Views;

[GenerateSerializer, Immutable, Alias("order.view")]
public sealed record OrderView
{
    [Id(0)] public required string OrderId { get; init; }
    [Id(1)] public required string ShopId { get; init; }
    [Id(2)] public required string BuyerId { get; init; }
    [Id(3)] public required OrderStatus Status { get; init; }
    [Id(4)] public required ImmutableArray<OrderLineView> Lines { get; init; }
    [Id(5)] public required decimal PaidAmount { get; init; }
    [Id(6)] public required decimal RefundedAmount { get; init; }
    /// <summary>Held by refunds that are still open.</summary>
    [Id(7)] public required decimal ReservedAmount { get; init; }
    [Id(8)] public required decimal RefundableAmount { get; init; }
    [Id(9)] public required DateTimeOffset PaidAt { get; init; }
    [Id(10)] public DateTimeOffset? ShippedAt { get; init; }
    [Id(11)] public DateTimeOffset? DeliveredAt { get; init; }
    [Id(12)] public DateTimeOffset? CompletedAt { get; init; }
    [Id(13)] public string? TrackingNumber { get; init; }
    [Id(14)] public SpecialCategory SpecialCategory { get; init; }
    [Id(15)] public bool FreightInsurance { get; init; }
    [Id(16)] public bool WarehouseManaged { get; init; }
    [Id(17)] public bool OutForDelivery { get; init; }
    /// <summary>延迟发货: the ship promise passed before shipment.</summary>
    [Id(18)] public bool ShipmentDelayed { get; init; }
    [Id(19)] public bool LogisticsStalled { get; init; }
    [Id(20)] public ImmutableArray<DeadlineView> Deadlines { get; init; } = [];
    [Id(21)] public ImmutableArray<HistoryEntryView> History { get; init; } = [];
    [Id(22)] public int Version { get; init; }
    /// <summary>The matching Taobao open-platform trade status (WAIT_SELLER_SEND_GOODS ... TRADE_FINISHED, TRADE_CLOSED).</summary>
    [Id(23)] public string TaobaoStatus { get; init; } = "";
    /// <summary>Shipped after a full refund closed the order: the parcel must be intercepted.</summary>
    [Id(24)] public bool InterceptionNeeded { get; init; }
    /// <summary>Every refund of the order, oldest first.</summary>
    [Id(25)] public ImmutableArray<OrderRefundView> Refunds { get; init; } = [];
}
