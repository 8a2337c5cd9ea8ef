using System.Collections.Immutable;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Orders;

/// <summary>An order as the platform knows it. Money: refunded + reserved (open refunds) never exceeds paid.</summary>
public sealed record OrderState
{
    public required string OrderId { get; init; }
    public required string ShopId { get; init; }
    public required string BuyerId { get; init; }
    public required ImmutableArray<OrderLine> Lines { get; init; }
    public required decimal PaidAmount { get; init; }
    public required DateTimeOffset PaidAt { get; init; }
    public required OrderFlags Flags { get; init; }
    public OrderStatus Status { get; init; } = OrderStatus.Paid;
    public string? TrackingNumber { get; init; }
    public DateTimeOffset? ShippedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public DateTimeOffset? LastTrackingAt { get; init; }
    public bool OutForDelivery { get; init; }
    /// <summary>Shipped after a full refund closed the order: the parcel must be intercepted.</summary>
    public bool InterceptionNeeded { get; init; }
    public decimal RefundedAmount { get; init; }
    /// <summary>Amounts held by open refunds, so two concurrent refunds cannot together exceed the paid amount.</summary>
    public ImmutableDictionary<string, decimal> ReservedRefunds { get; init; } = ImmutableDictionary<string, decimal>.Empty;
    /// <summary>Refunds already settled, kept so that a repeated settlement is recognised and ignored.</summary>
    public ImmutableDictionary<string, decimal> SettledRefunds { get; init; } = ImmutableDictionary<string, decimal>.Empty;
    /// <summary>The ship-by promise; kept after it expires so that a late order can say how late it is.</summary>
    public DateTimeOffset? ShipPromiseAt { get; init; }
    public bool ShipmentDelayed { get; init; }
    public bool LogisticsStalled { get; init; }
    public ImmutableDictionary<DeadlineKind, DateTimeOffset> Deadlines { get; init; } = ImmutableDictionary<DeadlineKind, DateTimeOffset>.Empty;
    public ImmutableList<HistoryEntry> History { get; init; } = [];

    /// <summary>Grows by one per event, so later versions supersede earlier ones.</summary>
    public int Version => History.Count;

    public decimal ReservedAmount => ReservedRefunds.Values.Sum();

    public decimal RefundableAmount => PaidAmount - RefundedAmount - ReservedAmount;

    /// <summary>The matching Taobao open-platform trade status.</summary>
    public string TaobaoStatus => Status switch
    {
        OrderStatus.Paid => "WAIT_SELLER_SEND_GOODS",
        OrderStatus.Shipped or OrderStatus.Delivered => "WAIT_BUYER_CONFIRM_GOODS",
        OrderStatus.Completed => "TRADE_FINISHED",
        _ => "TRADE_CLOSED",
    };

    public OrderPhase Phase => Status switch
    {
        OrderStatus.Paid or OrderStatus.Closed => OrderPhase.NotShipped,
        OrderStatus.Shipped => OrderPhase.InTransit,
        _ => OrderPhase.Received,
    };

    /// <summary>What a refund needs to know about its order when it is requested.</summary>
    public OrderSnapshot Snapshot(string forRefundId) => new(
        OrderId, ShopId, BuyerId, Status, Phase, PaidAmount,
        RefundableAmount + ReservedRefunds.GetValueOrDefault(forRefundId),
        DeliveredAt, CompletedAt, Flags, OutForDelivery, TrackingNumber, LogisticsStalled, [.. Lines.Select(l => l.Sku).Distinct()]);
}
