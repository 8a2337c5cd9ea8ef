namespace RefundCluster.Grains.Orders;

/// <summary>
/// A write would make this order hold a refund id another order already holds (refund ids are unique platform-wide).
/// Nothing was written. An <see cref="OrleansException"/>, so that Orleans' storage bridge passes it through unwrapped.
/// </summary>
[GenerateSerializer]
public sealed class RefundIdTakenException(string refundId)
    : OrleansException($"Refund {refundId} is held by another order.")
{
    [Id(0)]
    public string RefundId { get; } = refundId;
}
