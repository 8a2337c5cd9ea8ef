namespace RefundCluster.Grains.Payouts;

/// <summary>Faults and latency injected into the simulated payment gateway. Bound from "Payouts:Gateway".</summary>
public sealed class SimulatedGatewayOptions
{
    public const string Section = "Payouts:Gateway";

    /// <summary>Share of calls that fail before paying (0..1).</summary>
    public double FailureRate { get; set; }

    /// <summary>Share of calls that pay but lose the acknowledgement (0..1): the caller sees a timeout and must retry.</summary>
    public double LostAckRate { get; set; }

    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(2);
}
