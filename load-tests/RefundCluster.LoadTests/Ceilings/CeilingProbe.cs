using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RefundCluster.LoadTests.Reporting;
using RefundCluster.LoadTests.Targets;

namespace RefundCluster.LoadTests.Ceilings;

/// <summary>
/// Raw capacity measured in the same run, right after the load: no-op Orleans grain calls from a co-hosted client
/// (embedded target), bare HTTP round trips to the host (<c>GET /healthz</c>), each closed-loop for a few seconds, and,
/// when the target runs on PostgreSQL, the server's single-row upsert rate (<see cref="UpsertCeiling"/>). The report
/// states the scenario's request rate as a share of the first two and its durable event rate as a share of the last.
/// </summary>
public static class CeilingProbe
{
    public static async Task<IReadOnlyList<CeilingReport>> Measure(
        ITarget target, ScenarioRates scenario, TimeSpan duration, CancellationToken cancellationToken, PostgresProbe? postgres = null)
    {
        var ceilings = new List<CeilingReport>();
        if (target is EmbeddedTarget embedded)
        {
            var grains = embedded.Services.GetRequiredService<IGrainFactory>();
            var rate = await ClosedLoop(256, duration, n => grains.GetGrain<INoOpGrain>(n % 1024).Ping().AsTask(), cancellationToken);
            ceilings.Add(Requests("no-op Orleans grain call, co-hosted client (256 in flight)", rate, scenario));
        }

        var http = await ClosedLoop(64, duration, async _ =>
        {
            var response = await target.Send(HttpMethod.Get, "healthz", null, cancellationToken);
            if (!response.IsSuccess)
            {
                throw new InvalidOperationException(response.Status == 429
                    ? "GET /healthz answered 429: the target's rate limit stops the bare HTTP probe (--no-ceilings skips it)"
                    : $"healthz answered {response.Status}");
            }
        }, cancellationToken);
        ceilings.Add(Requests("bare HTTP round trip, GET /healthz (64 in flight)", http, scenario));

        if (postgres is not null)
        {
            var upserts = await UpsertCeiling.Measure(postgres.ConnectionString, postgres.RunId, postgres.Duration, cancellationToken);
            ceilings.Add(DurableEvents(upserts.Description, upserts.UpsertsPerSecond, scenario));
        }

        return ceilings;
    }

    /// <summary>A ceiling of request handling, compared with the scenario's requests per second.</summary>
    public static CeilingReport Requests(string name, double ceiling, ScenarioRates scenario) =>
        new(name, ceiling, Share(scenario.RequestsPerSecond, ceiling)) { Compared = ScenarioRates.RequestsUnit + scenario.Basis, ScenarioRate = scenario.RequestsPerSecond };

    /// <summary>A ceiling of durable writes, compared with the events per second the scenario had acknowledged (each one persisted).</summary>
    public static CeilingReport DurableEvents(string name, double ceiling, ScenarioRates scenario) =>
        new(name, ceiling, Share(scenario.DurableEventsPerSecond, ceiling)) { Compared = ScenarioRates.DurableEventsUnit + scenario.Basis, ScenarioRate = scenario.DurableEventsPerSecond };

    private static double Share(double scenarioRate, double ceiling) => ceiling <= 0 ? 0 : scenarioRate / ceiling;

    /// <summary>
    /// <paramref name="callers"/> workers back to back for <paramref name="duration"/>; returns calls per second. Worker w
    /// makes calls w, w + callers, w + 2 × callers, … so a call number tells its worker (n % callers).
    /// </summary>
    internal static async Task<double> ClosedLoop(int callers, TimeSpan duration, Func<long, Task> call, CancellationToken cancellationToken)
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

/// <summary>What the scenario achieved over its measured steps, to compare with the ceilings.</summary>
/// <param name="RequestsPerSecond">Every request answered (ok, error or rejected).</param>
/// <param name="DurableEventsPerSecond">Events acknowledged by the cluster: each one persisted before its answer.</param>
public sealed record ScenarioRates(double RequestsPerSecond, double DurableEventsPerSecond)
{
    public const string RequestsUnit = "requests/s";
    public const string DurableEventsUnit = "durable events/s";

    /// <summary>Where the rates were taken, after the unit (" at the knee, 5x peak (1000/s)"); empty for all measured steps.</summary>
    public string Basis { get; init; } = "";

    /// <summary>One step's rates: a knee search's highest step that held.</summary>
    public static ScenarioRates Of(StepReport step) => new(step.AchievedRate, step.EventRate) { Basis = $" at the knee, {step.Name}" };
}

/// <summary>The target's PostgreSQL server, for the upsert ceiling: a scratch table named after the run.</summary>
public sealed record PostgresProbe(string ConnectionString, string RunId, TimeSpan Duration);
