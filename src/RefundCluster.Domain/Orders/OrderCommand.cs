using System.Collections.Immutable;
using RefundCluster.Domain.Common;

namespace RefundCluster.Domain.Orders;

/// <summary>What an actor (or a refund) asks of an order.</summary>
public abstract record OrderCommand(Actor Actor);

public sealed record PayOrder(string OrderId, string ShopId, string BuyerId, ImmutableArray<OrderLine> Lines, decimal PaidAmount, OrderFlags Flags)
    : OrderCommand(Actor.Buyer);

public sealed record ShipOrder(string TrackingNumber) : OrderCommand(Actor.Seller);

/// <summary>A tracking update from logistics; resets the stall timer.</summary>
public sealed record UpdateLogistics(bool OutForDelivery) : OrderCommand(Actor.Logistics);

public sealed record DeliverOrder() : OrderCommand(Actor.Logistics);

public sealed record CompleteOrder() : OrderCommand(Actor.Buyer);

/// <summary>A refund holds part of the paid amount while it is open.</summary>
/// <param name="LineId">The line the refund is for (its money is capped by the line's share too); null for the whole order.</param>
public sealed record ReserveRefund(string RefundId, decimal Amount, string? LineId = null) : OrderCommand(Actor.System);

/// <summary>A refund ended with money going back: the reservation becomes refunded (possibly a smaller amount).</summary>
public sealed record SettleRefund(string RefundId, decimal Amount, string? LineId = null) : OrderCommand(Actor.System);

/// <summary>A refund ended without money going back: its reservation is released.</summary>
public sealed record ReleaseRefund(string RefundId) : OrderCommand(Actor.System);

public sealed record ExpireOrderDeadline(DeadlineKind Kind) : OrderCommand(Actor.System);
