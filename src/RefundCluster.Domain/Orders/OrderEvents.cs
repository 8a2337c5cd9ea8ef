using System.Collections.Immutable;
using RefundCluster.Domain.Common;

namespace RefundCluster.Domain.Orders;

/// <summary>Something that happened to an order.</summary>
public abstract record OrderEvent(DateTimeOffset At, Actor Actor) : DomainEvent(At, Actor);

public sealed record OrderPaid(DateTimeOffset At, string OrderId, string ShopId, string BuyerId, ImmutableArray<OrderLine> Lines, decimal PaidAmount, OrderFlags Flags)
    : OrderEvent(At, Actor.Buyer)
{
    public override string Action => "order_paid";
    public override string Detail => $"{PaidAmount} yuan";
}

public sealed record OrderShipped(DateTimeOffset At, string TrackingNumber) : OrderEvent(At, Actor.Seller)
{
    public override string Action => "order_shipped";
    public override string Detail => TrackingNumber;
}

/// <summary>
/// The goods left after the order was fully refunded (seed 000: "实际已发货,但系统未点击"): recorded, and the parcel must
/// be intercepted.
/// </summary>
public sealed record ShippedAfterClose(DateTimeOffset At, string TrackingNumber) : OrderEvent(At, Actor.Seller)
{
    public override string Action => "shipped_after_close";
    public override string Detail => $"{TrackingNumber}: intercept";
}

public sealed record LogisticsUpdated(DateTimeOffset At, bool OutForDelivery) : OrderEvent(At, Actor.Logistics)
{
    public override string Action => "logistics_updated";
    public override string? Detail => OutForDelivery ? "out for delivery" : null;
}

public sealed record OrderDelivered(DateTimeOffset At) : OrderEvent(At, Actor.Logistics)
{
    public override string Action => "order_delivered";
}

/// <summary>交易成功: the buyer confirmed receipt, or the auto-confirm timer did (<see cref="Actor.System"/>).</summary>
public sealed record OrderCompleted(DateTimeOffset At, Actor Actor = Actor.Buyer) : OrderEvent(At, Actor)
{
    public override string Action => "order_completed";
}

/// <summary>The order was fully refunded (TRADE_CLOSED): its logistics timers stop.</summary>
public sealed record OrderClosed(DateTimeOffset At) : OrderEvent(At, Actor.System)
{
    public override string Action => "order_closed";
}

public sealed record RefundReserved(DateTimeOffset At, string RefundId, decimal Amount, string? LineId = null) : OrderEvent(At, Actor.System)
{
    public override string Action => "refund_reserved";
    public override string Detail => $"{RefundId}: {Amount} yuan";
}

public sealed record RefundSettled(DateTimeOffset At, string RefundId, decimal Amount, string? LineId = null) : OrderEvent(At, Actor.System)
{
    public override string Action => "refund_settled";
    public override string Detail => $"{RefundId}: {Amount} yuan";
}

public sealed record RefundReleased(DateTimeOffset At, string RefundId) : OrderEvent(At, Actor.System)
{
    public override string Action => "refund_released";
    public override string Detail => RefundId;
}

public sealed record OrderDeadlineScheduled(DateTimeOffset At, DeadlineKind Kind, DateTimeOffset Due) : OrderEvent(At, Actor.System)
{
    public override string Action => "deadline_scheduled";
    public override string Detail => $"{Kind} due {Due:O}";
}

/// <summary>A timer expired: the ship promise was broken (延迟发货) or the parcel stalled.</summary>
public sealed record OrderAlertRaised(DateTimeOffset At, DeadlineKind Kind) : OrderEvent(At, Actor.System)
{
    public override string Action => Kind == DeadlineKind.ShipPromise ? "shipment_delayed" : "logistics_stalled";
}
