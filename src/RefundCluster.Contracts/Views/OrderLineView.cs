namespace RefundCluster.Contracts.Views;

/// <summary>One line of an order with its money: what the buyer paid for it, what its refunds took and what is left.</summary>
[GenerateSerializer, Immutable, Alias("order.line.view")]
public sealed record OrderLineView(
    [property: Id(0)] string LineId,
    [property: Id(1)] string Sku,
    [property: Id(2)] int Quantity,
    [property: Id(3)] decimal UnitPrice,
    [property: Id(4)] decimal Paid,
    [property: Id(5)] decimal RefundedOrHeld,
    [property: Id(6)] decimal Refundable);
