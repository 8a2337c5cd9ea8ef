using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RefundCluster.Grains.Payouts;
using RefundCluster.LoadTests.Auditing;
using RefundCluster.LoadTests.Ceilings;
using RefundCluster.LoadTests.Driving;
using RefundCluster.LoadTests.Measuring;
using RefundCluster.LoadTests.Reporting;
using RefundCluster.LoadTests.Targets;
using RefundCluster.LoadTests.Thresholds;

namespace RefundCluster.LoadTests;

/// <summary>One load test: start or reach the target, drive the steps with a live console, audit, evaluate thresholds, write the report.</summary>
public static class LoadTestRun
{
    /// <summary>embedded, http(s)://host:port, or orleans://host:port (the client gateway).</summary>
    private static async Task<ITarget> OpenTarget(LoadTestOptions options)
    {
        if (options.Target == "embedded")
        {
            return await EmbeddedTarget.Start(new Dictionary<string, string?>
            {
                ["RefundCluster:TimeScale"] = options.TimeScale.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        var address = new Uri(options.Target.EndsWith('/') || options.Target.Contains('?', StringComparison.Ordinal) ? options.Target : options.Target + "/");
        return address.Scheme == "orleans" ? await OrleansGatewayTarget.Connect(address) : new HttpTarget(address);
    }

    public static async Task<RunReport> Execute(LoadTestOptions options, TextWriter console, CancellationToken cancellationToken)
    {
        var runId = Guid.NewGuid().ToString("N")[..8];
        var scenario = options.CreateScenario(runId);
        var steps = options.Steps();
        await using var target = await OpenTarget(options);
        console.WriteLine($"# {scenario.Name}: {scenario.Description}");
        console.WriteLine($"# target: {target.Description}; profile: {options.DescribeProfile()}; run {runId}");

        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var driver = new LoadDriver(scenario, target, steps)
        {
            ContinueAfter = (step, recorder) =>
            {
                if (!options.UntilBreach || steps[step].Warmup || options.Thresholds.Count == 0)
                {
                    return true;
                }

                var verdict = KneeFinder.Judge(recorder.Steps()[step], options.Thresholds);
                console.WriteLine($"  step {steps[step].Name}: {(verdict.Held ? "thresholds held" : "thresholds breached, stopping")} ({verdict.Detail})");
                return verdict.Held;
            },
            OnTick = (step, recorder) =>
            {
                var (ok, errors, rejected, p99) = recorder.Progress(step);
                console.WriteLine($"  [{clock.Elapsed.TotalSeconds,5:F0} s] step {step + 1}/{steps.Count} {steps[step].Name}: ok {ok:N0}, errors {errors:N0}, rejected {rejected:N0}, p99 {p99:N1} ms");
            },
        };
        var recorded = await driver.Run(cancellationToken);
        var duration = clock.Elapsed;

        var stepReports = recorded.Steps();
        var measured = stepReports.Where(s => !s.Warmup).ToList();
        var requests = measured.Sum(s => s.Ok + s.Errors + s.Rejected);
        var figures = new MeasuredFigures(
            recorded.MeasuredLatency().Summary(), requests, measured.Sum(s => s.Errors), measured.Sum(s => s.Rejected),
            requests / Math.Max(measured.Sum(s => s.Duration.TotalSeconds), 1e-9));
        var thresholds = options.Thresholds.Select(t => t.Evaluate(figures)).ToList();

        AuditReport? audit = null;
        if (options.Audit)
        {
            console.WriteLine("# audit: refunds in their expected state, payout rows, shop metrics equal to what was sent");
            var payouts = (target as EmbeddedTarget)?.Services.GetService<IPayoutStore>();
            if (options.Rehearsal)
            {
                var timed = scenario.Ledger.Refunds.Values.Count(e => e.Automation == "timeout");
                console.WriteLine($"# rehearsal: {timed} refunds left to platform timers; waiting up to {options.AuditSettle.TotalSeconds:N0} s for them ({options.TimeScale}x clock)");
            }

            // The metrics' longest window is 30 days: a compressed run spanning more platform time cannot be compared.
            var platformSpan = (duration + options.AuditSettle) * options.TimeScale;
            var checkMetrics = platformSpan < TimeSpan.FromDays(29);
            if (!checkMetrics)
            {
                console.WriteLine($"# audit: the run spans {platformSpan.TotalDays:N0} days of platform time, past the 30-day metrics window: shop metrics not compared");
            }

            audit = await RunAudit.Run(target, scenario.Ledger, payouts, options.AuditSettle, cancellationToken, checkMetrics);
        }

        IReadOnlyList<CeilingReport> ceilings = [];
        if (options.Ceilings)
        {
            console.WriteLine("# ceilings: raw capacity of the same host, measured now");
            ceilings = await CeilingProbe.Measure(target, figures.Rate, TimeSpan.FromSeconds(3), cancellationToken);
        }

        return new RunReport(scenario.Name, target.Description, options.DescribeProfile(), started, duration, stepReports, recorded.Timeline(), thresholds, audit, ceilings)
        {
            Knee = KneeFinder.Find(stepReports, options.Thresholds),
        };
    }
}
