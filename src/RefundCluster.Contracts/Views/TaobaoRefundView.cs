namespace RefundCluster.Contracts.Views;

/// <summary>
/// A refund in the Taobao Open Platform's own field names and values (<c>taobao.refund.get</c>), for integrators who
/// already speak them; each is derived from this cluster's facts.
/// </summary>
[GenerateSerializer, Immutable, Alias("refund.taobao")]
public sealed record TaobaoRefundView
{
    /// <summary>WAIT_SELLER_AGREE, WAIT_BUYER_RETURN_GOODS, WAIT_SELLER_CONFIRM_GOODS, SELLER_REFUSE_BUYER, CLOSED, SUCCESS.</summary>
    [Id(0)] public required string Status { get; init; }
    /// <summary>BUYER_NOT_RECEIVED, BUYER_RECEIVED or BUYER_RETURNED_GOODS.</summary>
    [Id(1)] public required string GoodStatus { get; init; }
    [Id(2)] public required bool HasGoodReturn { get; init; }
    /// <summary>onsale or aftersale.</summary>
    [Id(3)] public required string RefundPhase { get; init; }
    /// <summary>The order's trade status (WAIT_SELLER_SEND_GOODS ... TRADE_FINISHED, TRADE_CLOSED).</summary>
    [Id(4)] public required string OrderStatus { get; init; }
    /// <summary>1 no intervention needed, 2 requested, 3 intervened, 6 done.</summary>
    [Id(5)] public required int CsStatus { get; init; }
    /// <summary>cannot_refuse while the seller must answer but may not refuse; null otherwise.</summary>
    [Id(6)] public string? OperationConstraint { get; init; }
    /// <summary>What the buyer paid for the order.</summary>
    [Id(7)] public required decimal Payment { get; init; }
    /// <summary>Grows with every change; send it back as <c>refundVersion</c> to make a write conditional on it.</summary>
    [Id(8)] public required int RefundVersion { get; init; }
    /// <summary>TOP <c>special_refund_type</c>: <c>priceprotect</c> for a price-difference claim (价保), else null.</summary>
    [Id(9)] public string? SpecialRefundType { get; init; }
}
