using RefundCluster.Domain.Refunds;

namespace RefundCluster.Contracts.Views;

/// <summary>What goes back to whom: money to the buyer, goods to the seller (and who pays their postage), a replacement to the buyer.</summary>
[GenerateSerializer, Immutable, Alias("refund.settlement")]
public sealed record RefundSettlementView(
    [property: Id(0)] decimal MoneyToBuyer,
    [property: Id(1)] bool GoodsToSeller,
    [property: Id(2)] PostagePayer ReturnPostagePaidBy,
    [property: Id(3)] bool ReplacementToBuyer);
