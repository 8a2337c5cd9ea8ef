using Microsoft.Extensions.Configuration;

namespace RefundCluster.Hosting;

/// <summary>How this process runs: storage, cluster identity, ports and the demo clock. Bound from the "RefundCluster" section.</summary>
public sealed class RefundClusterOptions
{
    public const string Section = "RefundCluster";

    /// <summary>The connection string's name under <c>ConnectionStrings</c> (env <c>ConnectionStrings__RefundCluster</c>).</summary>
    public const string ConnectionStringName = "RefundCluster";

    /// <summary>The options as configured (the defaults when the section is missing).</summary>
    public static RefundClusterOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<RefundClusterOptions>() ?? new RefundClusterOptions();

    public StorageMode Storage { get; set; } = StorageMode.Memory;

    /// <summary>Silos with the same ClusterId form one cluster; ServiceId keys grain state and reminders across deployments.</summary>
    public string ClusterId { get; set; } = "refundcluster";

    public string ServiceId { get; set; } = "refundcluster";

    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    public int HttpPort { get; set; } = 5080;

    /// <summary>Address the HTTP API listens on. Loopback by default; a container sets 0.0.0.0.</summary>
    public string HttpHost { get; set; } = "127.0.0.1";

    /// <summary>
    /// Address this silo advertises to the others (and listens on). Loopback by default; under Kubernetes the pod IP
    /// comes from <c>POD_IP</c> instead.
    /// </summary>
    public string SiloAddress { get; set; } = "127.0.0.1";

    /// <summary>Run under Kubernetes: cluster identity and pod IP from the downward API (Microsoft.Orleans.Hosting.Kubernetes).</summary>
    public bool Kubernetes { get; set; }

    /// <summary>Demo clock: 3600 makes 48 hours of platform deadlines pass in 48 seconds. 1 is real time.</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>
    /// Mount the Orleans Dashboard (cluster internals at /orleans-dashboard/). Its profiler sees every grain call, which
    /// costs throughput under load: a load-test or production silo can turn it off.
    /// </summary>
    public bool OrleansDashboard { get; set; } = true;

    /// <summary>
    /// How long an order grain stays in memory after its last call (its state is in storage: the next event reads it
    /// back, one row). Orleans' default, 15 minutes, holds every order of the last quarter hour: at 280 lifecycles/s that
    /// was 250,000 activations and most of a silo's 5 GB in the soak. An order's events are seconds to days apart, so
    /// keeping it longer than its burst buys little.
    /// </summary>
    public TimeSpan OrderIdleAge { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How many grains' locations a silo caches (Orleans' grain directory cache, LRU). Orleans' default, a million,
    /// fills up over about an hour at 280 lifecycles/s (every order ever called stays cached) and costs some 250 MB;
    /// the orders called in the last minutes are a few tens of thousands.
    /// </summary>
    public int DirectoryCacheSize { get; set; } = 100_000;

    /// <summary>
    /// The real instant from which the demo clock runs fast. Silos of one cluster must share it (deploy/local passes
    /// one); unset, each process starts its own fast clock at start-up.
    /// </summary>
    public DateTimeOffset? TimeScaleEpoch { get; set; }
}
