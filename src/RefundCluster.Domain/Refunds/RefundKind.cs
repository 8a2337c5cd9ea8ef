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
}
