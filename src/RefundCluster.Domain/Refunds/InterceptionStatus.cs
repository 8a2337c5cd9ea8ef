namespace RefundCluster.Domain.Refunds;

public enum InterceptionStatus
{
    None,
    Requested,
    Succeeded,
    Failed,
}
