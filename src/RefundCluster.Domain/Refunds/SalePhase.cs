namespace RefundCluster.Domain.Refunds;

/// <summary>Whether a refund was requested before the trade completed (售中) or after it, within the after-sales window (售后).</summary>
public enum SalePhase
{
    /// <summary>TOP <c>onsale</c>.</summary>
    OnSale,
    /// <summary>TOP <c>aftersale</c>.</summary>
    AfterSale,
}
