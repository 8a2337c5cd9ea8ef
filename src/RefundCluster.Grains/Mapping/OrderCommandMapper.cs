using RefundCluster.Contracts.Events;
using RefundCluster.Domain.Orders;

namespace RefundCluster.Grains.Mapping;

/// <summary>Turns an integrator's order event into the domain command it asks for.</summary>
public static class OrderCommandMapper
{
    public static OrderCommand ToCommand(OrderIntegratorEvent e) => e switch
    {
        OrderPaidEvent paid => new PayOrder(
            paid.OrderId, paid.ShopId, paid.BuyerId,
            [.. paid.Lines.IsDefault ? [] : paid.Lines.Select(l => new OrderLine(l.Sku, l.Quantity, l.UnitPrice, l.LineId))],
            paid.PaidAmount, new OrderFlags(paid.SpecialCategory, paid.FreightInsurance, paid.WarehouseManaged)),
        OrderShippedEvent shipped => new ShipOrder(shipped.TrackingNumber),
        LogisticsUpdatedEvent update => new UpdateLogistics(update.OutForDelivery),
        OrderDeliveredEvent => new DeliverOrder(),
        OrderCompletedEvent => new CompleteOrder(),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Unknown order event."),
    };
}
