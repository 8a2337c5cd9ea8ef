namespace RefundCluster.Domain.Refunds;

/// <summary>What the buyer asks for.</summary>
public enum RefundKind
{
    RefundOnly,
    ReturnAndRefund,
    /// <summary>换货: return the item, get a replacement.</summary>
    Exchange,
    /// <summary>补发: get the missing or wrong item sent again.</summary>
    Reship,
    /// <summary>退差价 / 价保: part of the price back after a price drop within the protection period; the goods stay (TOP <c>special_refund_type</c>).</summary>
    PriceDifference,
}

public static class RefundKinds
{
    /// <summary>Kinds that pay money back (the others send goods).</summary>
    public static bool MovesMoney(RefundKind kind) => kind is RefundKind.RefundOnly or RefundKind.ReturnAndRefund or RefundKind.PriceDifference;
}
