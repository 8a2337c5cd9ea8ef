using RefundCluster.Domain.Metrics;
using RefundCluster.Domain.Orders;

namespace RefundCluster.Contracts.Metrics;

/// <summary>How an <see cref="OrderFact"/> crosses a grain boundary or the facts stream (see <see cref="RefundFactSurrogate"/>).</summary>
[GenerateSerializer, Immutable]
public readonly record struct OrderFactSurrogate
{
    [Id(0)] public string OrderId { get; init; }
    [Id(1)] public int Version { get; init; }
    [Id(2)] public int Status { get; init; }
    [Id(3)] public DateTimeOffset PaidAt { get; init; }
    [Id(4)] public DateTimeOffset? ShipBy { get; init; }
    [Id(5)] public bool ShipmentDelayed { get; init; }
    [Id(6)] public DateTimeOffset? LastTrackingAt { get; init; }
    [Id(7)] public bool LogisticsStalled { get; init; }
}

[RegisterConverter]
public sealed class OrderFactSurrogateConverter : IConverter<OrderFact, OrderFactSurrogate>
{
    public OrderFact ConvertFromSurrogate(in OrderFactSurrogate s) => new()
    {
        OrderId = s.OrderId, Version = s.Version, Status = (OrderStatus)s.Status, PaidAt = s.PaidAt, ShipBy = s.ShipBy,
        ShipmentDelayed = s.ShipmentDelayed, LastTrackingAt = s.LastTrackingAt, LogisticsStalled = s.LogisticsStalled,
    };

    public OrderFactSurrogate ConvertToSurrogate(in OrderFact f) => new()
    {
        OrderId = f.OrderId, Version = f.Version, Status = (int)f.Status, PaidAt = f.PaidAt, ShipBy = f.ShipBy,
        ShipmentDelayed = f.ShipmentDelayed, LastTrackingAt = f.LastTrackingAt, LogisticsStalled = f.LogisticsStalled,
    };
}
