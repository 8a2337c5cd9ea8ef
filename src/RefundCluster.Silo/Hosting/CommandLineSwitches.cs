using RefundCluster.Hosting;

namespace RefundCluster.Silo.Hosting;

/// <summary>Short command-line switches (<c>--time-scale 3600</c>) for the settings people change most.</summary>
public static class CommandLineSwitches
{
    public static readonly Dictionary<string, string> Mappings = new()
    {
        ["--storage"] = Key(nameof(RefundClusterOptions.Storage)),
        ["--connection"] = $"ConnectionStrings:{RefundClusterOptions.ConnectionStringName}",
        ["--cluster-id"] = Key(nameof(RefundClusterOptions.ClusterId)),
        ["--time-scale"] = Key(nameof(RefundClusterOptions.TimeScale)),
        ["--time-scale-epoch"] = Key(nameof(RefundClusterOptions.TimeScaleEpoch)),
        ["--silo-port"] = Key(nameof(RefundClusterOptions.SiloPort)),
        ["--gateway-port"] = Key(nameof(RefundClusterOptions.GatewayPort)),
        ["--http-port"] = Key(nameof(RefundClusterOptions.HttpPort)),
        ["--http-host"] = Key(nameof(RefundClusterOptions.HttpHost)),
    };

    private static string Key(string option) => $"{RefundClusterOptions.Section}:{option}";
}
