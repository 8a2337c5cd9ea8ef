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
    DateTimeOffset PaidAt,
    decimal RefundableAmount,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? CompletedAt,
    OrderFlags Flags,
    bool OutForDelivery,
    string? TrackingNumber,
    bool LogisticsStalled,
    ImmutableArray<string> Skus)
{
    /// <summary>The line the refund is for, when it names one (and the order has it).</summary>
    public OrderLineSnapshot? Line { get; init; }

    /// <summary>Return tracking numbers the order's other refunds gave (退货少件 shows as one number on several refunds).</summary>
    public ImmutableArray<string> OtherReturnTrackings { get; init; } = [];
}

/// <param name="Remaining">The line's share not yet refunded or held by open refunds.</param>
public sealed record OrderLineSnapshot(string LineId, string Sku, int Quantity, decimal Paid, decimal Remaining);
