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
    /// <summary>What the buyer paid for each line (<see cref="LineMoney"/>), by line id.</summary>
    public ImmutableDictionary<string, decimal> LinePaid { get; init; } = ImmutableDictionary<string, decimal>.Empty;
    /// <summary>The line each line refund is for; refunds of the whole order are not in it.</summary>
    public ImmutableDictionary<string, string> RefundLines { get; init; } = ImmutableDictionary<string, string>.Empty;
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

    public decimal ReservedAmount
    {
        get
        {
            // The dictionary's own struct enumerator: .Values wraps it in an iterator that allocates on every read.
            var reserved = 0m;
            foreach (var refund in ReservedRefunds)
            {
                reserved += refund.Value;
            }

            return reserved;
        }
    }

    public decimal RefundableAmount => PaidAmount - RefundedAmount - ReservedAmount;

    /// <summary>Refunded and held (by open refunds) on one line.</summary>
    public decimal LineTaken(string lineId) =>
        RefundLines.Where(r => r.Value == lineId)
            .Sum(r => SettledRefunds.GetValueOrDefault(r.Key) + ReservedRefunds.GetValueOrDefault(r.Key));

    /// <summary>
    /// What a refund may still hold: the order's refundable money plus what it holds itself, and for a line refund no
    /// more than its line's share minus what the line's other refunds took.
    /// </summary>
    public decimal RefundableFor(string refundId, string? lineId)
    {
        var own = ReservedRefunds.GetValueOrDefault(refundId);
        var order = RefundableAmount + own;
        if (lineId is null)
        {
            return order;
        }

        var ownOnLine = RefundLines.GetValueOrDefault(refundId) == lineId ? own : 0m;
        return Math.Min(order, LinePaid.GetValueOrDefault(lineId) - LineTaken(lineId) + ownOnLine);
    }

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

    /// <summary>What a refund (of the whole order, or of one line) needs to know about its order.</summary>
    public OrderSnapshot Snapshot(string forRefundId, string? lineId = null)
    {
        var line = lineId is null ? null : Lines.FirstOrDefault(l => l.LineId == lineId);
        var lineView = line is null || !LinePaid.TryGetValue(line.LineId!, out var paid)
            ? null
            : new OrderLineSnapshot(line.LineId!, line.Sku, line.Quantity, paid, paid - LineTaken(line.LineId!));
        return new(
            OrderId, ShopId, BuyerId, Status, Phase, PaidAmount, PaidAt, RefundableFor(forRefundId, lineView?.LineId),
            DeliveredAt, CompletedAt, Flags, OutForDelivery, TrackingNumber, LogisticsStalled,
            lineView is null ? [.. Lines.Select(l => l.Sku).Distinct()] : [lineView.Sku])
        {
            Line = lineView,
        };
    }
}
