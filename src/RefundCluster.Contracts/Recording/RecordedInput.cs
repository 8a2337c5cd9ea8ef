using RefundCluster.Contracts.Events;

namespace RefundCluster.Contracts.Recording;

/// <summary>
/// One line of a shop's recording: an integrator event as the cluster accepted it (<see cref="Event"/>), or a deadline
/// that fired (<see cref="Firing"/>), at the cluster's time (<see cref="At"/>). Replaying an order's lines in order
/// through the pure core reproduces the order; the firings make it exact (a timer fires a little after its due time,
/// and that moment is the refund's end time).
/// </summary>
public sealed record RecordedInput
{
    public required DateTimeOffset At { get; init; }
    public required string ShopId { get; init; }
    public required string OrderId { get; init; }
    public IntegratorEvent? Event { get; init; }
    public RecordedFiring? Firing { get; init; }
}
