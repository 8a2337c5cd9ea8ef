namespace RefundCluster.Domain.Refunds;

public enum JudgmentWinner
{
    Buyer,
    Seller,
}
