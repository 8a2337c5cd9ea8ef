using System.Collections.Immutable;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Orders;

/// <summary>The facts of an order a refund decision depends on, read once when the refund is requested.</summary>
public sealed record OrderSnapshot(
    string OrderId,
    string ShopId,
    string BuyerId,
    OrderStatus Status,
    OrderPhase Phase,
    decimal PaidAmount,
    decimal RefundableAmount,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? CompletedAt,
    OrderFlags Flags,
    bool OutForDelivery,
    string? TrackingNumber,
    bool LogisticsStalled,
    ImmutableArray<string> Skus);
