using RefundCluster.Contracts.Views;

namespace RefundCluster.Contracts.Grains;

/// <summary>
/// A refund by its id alone (refunds live in their order's grain): finds the order that holds it and asks it. A
/// stateless worker; use key 0.
/// </summary>
[Alias("RefundCluster.IRefundLookupGrain")]
public interface IRefundLookupGrain : IGrainWithIntegerKey
{
    /// <summary>Null when no order holds the refund.</summary>
    [Alias("view")]
    ValueTask<RefundView?> GetView(string refundId);
}
