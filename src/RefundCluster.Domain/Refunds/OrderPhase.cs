namespace RefundCluster.Domain.Refunds;

/// <summary>Where the goods are when a refund is requested; decides the scenario and which reasons apply.</summary>
public enum OrderPhase
{
    NotShipped,
    InTransit,
    Received,
}
