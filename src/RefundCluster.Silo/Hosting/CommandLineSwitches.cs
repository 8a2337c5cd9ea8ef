namespace RefundCluster.Silo.Hosting;

/// <summary>Short command-line switches (<c>--time-scale 3600</c>) for the settings people change most.</summary>
public static class CommandLineSwitches
{
    public static readonly Dictionary<string, string> Mappings = new()
    {
        ["--time-scale"] = $"{RefundClusterOptions.Section}:{nameof(RefundClusterOptions.TimeScale)}",
        ["--silo-port"] = $"{RefundClusterOptions.Section}:{nameof(RefundClusterOptions.SiloPort)}",
        ["--gateway-port"] = $"{RefundClusterOptions.Section}:{nameof(RefundClusterOptions.GatewayPort)}",
        ["--http-port"] = $"{RefundClusterOptions.Section}:{nameof(RefundClusterOptions.HttpPort)}",
    };
}
