namespace RefundCluster.Domain.Refunds;

/// <summary>Who pays the postage of goods sent back (退货运费).</summary>
public enum PostagePayer
{
    /// <summary>Nothing is sent back.</summary>
    None,
    /// <summary>The seller's fault (quality, wrong or missing item, damage): the seller pays.</summary>
    Seller,
    /// <summary>No fault of the seller's: the buyer pays.</summary>
    Buyer,
    /// <summary>The buyer's part, paid by the order's freight insurance (运费险).</summary>
    Insurer,
}
