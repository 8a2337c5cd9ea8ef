using Orleans.Runtime;

namespace RefundCluster.Silo.Health;

/// <summary>
/// Probes for an orchestrator. Liveness: the process serves HTTP. Readiness: this silo is Active in the cluster's
/// membership table, so it neither takes traffic before it joined nor after it started handing its grains over.
/// </summary>
public static class HealthEndpoints
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        // HEAD too: some load balancers probe with it.
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods(LivenessPath, methods, () => Results.Text("ok")).ExcludeFromDescription().AllowAnonymous();
        app.MapMethods(ReadinessPath, methods, (IClusterMembershipService membership, ILocalSiloDetails silo) =>
        {
            var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
            return status == SiloStatus.Active
                ? Results.Text($"ready: {silo.SiloAddress} active")
                : Results.Text($"not ready: {silo.SiloAddress} {status}", statusCode: StatusCodes.Status503ServiceUnavailable);
        }).ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}
