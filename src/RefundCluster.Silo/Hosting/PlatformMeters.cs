namespace RefundCluster.Silo.Hosting;

/// <summary>
/// The meters .NET itself publishes that an SRE graphs next to the cluster's own (built in: no instrumentation
/// package): HTTP requests by route and status with their duration, Kestrel's connections and queues, rate-limiter
/// rejections, and the runtime (CPU, GC, heap, thread pool, lock contention). The Grafana dashboard and alert rules
/// in <c>deploy/observability</c> read them; <c>ObservabilityTests</c> checks every series they name is on <c>/metrics</c>.
/// </summary>
public static class PlatformMeters
{
    public static readonly string[] Names =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Runtime",
    ];
}
