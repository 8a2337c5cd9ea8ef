using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RefundCluster.LoadTests.Reporting;
using RefundCluster.LoadTests.Targets;

namespace RefundCluster.LoadTests.Ceilings;

/// <summary>
/// Raw capacity measured in the same run, right after the load: no-op Orleans grain calls from a co-hosted client
/// (embedded target) and bare HTTP round trips to the host (<c>GET /healthz</c>), each closed-loop for a few seconds.
/// The report states the scenario's request rate as a share of each.
/// </summary>
public static class CeilingProbe
{
    public static async Task<IReadOnlyList<CeilingReport>> Measure(ITarget target, double scenarioRate, TimeSpan duration, CancellationToken cancellationToken)
    {
        var ceilings = new List<CeilingReport>();
        if (target is EmbeddedTarget embedded)
        {
            var grains = embedded.Services.GetRequiredService<IGrainFactory>();
            var rate = await ClosedLoop(256, duration, n => grains.GetGrain<INoOpGrain>(n % 1024).Ping().AsTask(), cancellationToken);
            ceilings.Add(new CeilingReport("no-op Orleans grain call, co-hosted client (256 in flight)", rate, Share(scenarioRate, rate)));
        }

        var http = await ClosedLoop(64, duration, async _ =>
        {
            var response = await target.Send(HttpMethod.Get, "healthz", null, cancellationToken);
            if (!response.IsSuccess)
            {
                throw new InvalidOperationException($"healthz answered {response.Status}");
            }
        }, cancellationToken);
        ceilings.Add(new CeilingReport("bare HTTP round trip, GET /healthz (64 in flight)", http, Share(scenarioRate, http)));
        return ceilings;
    }

    private static double Share(double scenarioRate, double ceiling) => ceiling <= 0 ? 0 : scenarioRate / ceiling;

    private static async Task<double> ClosedLoop(int callers, TimeSpan duration, Func<long, Task> call, CancellationToken cancellationToken)
    {
        var done = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(worker => Task.Run(async () =>
        {
            var n = (long)worker;
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                await call(n);
                n += callers;
                Interlocked.Increment(ref done);
            }
        }, cancellationToken)));
        return done / clock.Elapsed.TotalSeconds;
    }
}
