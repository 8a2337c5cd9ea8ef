namespace RefundCluster.Silo.Hosting;

/// <summary>How this process runs: ports and the demo clock. Bound from the "RefundCluster" section.</summary>
public sealed class RefundClusterOptions
{
    public const string Section = "RefundCluster";

    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    public int HttpPort { get; set; } = 5080;

    /// <summary>Demo clock: 3600 makes 48 hours of platform deadlines pass in 48 seconds. 1 is real time.</summary>
    public double TimeScale { get; set; } = 1;
}
