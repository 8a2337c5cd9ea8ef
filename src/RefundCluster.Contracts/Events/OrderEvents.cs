using System.Collections.Immutable;
using RefundCluster.Domain.Orders;

namespace RefundCluster.Contracts.Events;

[GenerateSerializer, Immutable, Alias("order.paid")]
public sealed record OrderPaidEvent : OrderIntegratorEvent
{
    public const string KindName = "order.paid";
    [Id(0)] public required string ShopId { get; init; }
    [Id(1)] public required string BuyerId { get; init; }
    [Id(2)] public required ImmutableArray<OrderLineDto> Lines { get; init; }
    [Id(3)] public required decimal PaidAmount { get; init; }
    [Id(4)] public SpecialCategory SpecialCategory { get; init; }
    /// <summary>运费险.</summary>
    [Id(5)] public bool FreightInsurance { get; init; }
    /// <summary>菜鸟仓.</summary>
    [Id(6)] public bool WarehouseManaged { get; init; }
}

[GenerateSerializer, Immutable, Alias("order.line")]
/// <param name="LineId">The line's id (TOP <c>oid</c>), unique in the order; its position ("1", "2" ...) when omitted.</param>
public sealed record OrderLineDto(
    [property: Id(0)] string Sku, [property: Id(1)] int Quantity, [property: Id(2)] decimal UnitPrice, [property: Id(3)] string? LineId = null);

[GenerateSerializer, Immutable, Alias("order.shipped")]
public sealed record OrderShippedEvent : OrderIntegratorEvent
{
    public const string KindName = "order.shipped";
    [Id(0)] public required string TrackingNumber { get; init; }
}

[GenerateSerializer, Immutable, Alias("order.logistics_updated")]
public sealed record LogisticsUpdatedEvent : OrderIntegratorEvent
{
    public const string KindName = "order.logistics_updated";
    [Id(0)] public bool OutForDelivery { get; init; }
}

[GenerateSerializer, Immutable, Alias("order.delivered")]
public sealed record OrderDeliveredEvent : OrderIntegratorEvent
{
    public const string KindName = "order.delivered";
}

[GenerateSerializer, Immutable, Alias("order.completed")]
public sealed record OrderCompletedEvent : OrderIntegratorEvent
{
    public const string KindName = "order.completed";
}
