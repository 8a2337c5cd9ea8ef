using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RefundCluster.Silo.Health;

/// <summary>
/// Probes for an orchestrator. Liveness: the process serves HTTP. Readiness: the checks tagged
/// <see cref="HealthServices.ReadinessTag"/> all pass: this silo is Active in the cluster's membership (so it neither
/// takes traffic before it joined nor after it started handing its grains over), it reaches a majority of the active
/// silos (not the losing side of a silo loss) and, in durable mode, PostgreSQL answers. The answer is plain text naming each check's state, e.g. <c>not ready: S10.0.0.7:11111:1 active; database
/// does not answer: 57P03: the database system is starting up</c>.
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
        app.MapMethods(ReadinessPath, methods, async (HealthCheckService health, CancellationToken cancellationToken) =>
        {
            var report = await health.CheckHealthAsync(r => r.Tags.Contains(HealthServices.ReadinessTag), cancellationToken);
            // Membership first, as this answer has always begun.
            var states = string.Join("; ", report.Entries.OrderBy(e => e.Key != MembershipHealthCheck.Name).Select(e => e.Value.Description));
            return report.Status == HealthStatus.Healthy
                ? Results.Text($"ready: {states}")
                : Results.Text($"not ready: {states}", statusCode: StatusCodes.Status503ServiceUnavailable);
        }).ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}
