namespace RefundCluster.Domain.Refunds;

public enum InterventionStage
{
    NotNeeded,
    Requested,
    Intervened,
    Judged,
}
