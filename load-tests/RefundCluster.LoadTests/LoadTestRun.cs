using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RefundCluster.Grains.Payouts;
using RefundCluster.LoadTests.Auditing;
using RefundCluster.LoadTests.Ceilings;
using RefundCluster.LoadTests.Driving;
using RefundCluster.LoadTests.Measuring;
using RefundCluster.LoadTests.Reporting;
using RefundCluster.LoadTests.Scenarios;
using RefundCluster.LoadTests.Targets;
using RefundCluster.LoadTests.Thresholds;
using RefundCluster.Performance.Measuring;
using RefundCluster.Performance.Setup;
using Spectre.Console;

namespace RefundCluster.LoadTests;

/// <summary>One load test: start or reach the target, drive the steps with a live console, audit, evaluate thresholds, write the report.</summary>
public static class LoadTestRun
{
    /// <summary>embedded (memory or PostgreSQL), http(s)://host:port, or orleans://host:port (the client gateway).</summary>
    private static async Task<ITarget> OpenTarget(LoadTestOptions options, string runId, TextWriter console, CancellationToken cancellationToken)
    {
        if (options.Target == "embedded")
        {
            var settings = new Dictionary<string, string?>
            {
                ["RefundCluster:TimeScale"] = options.TimeScale.ToString(CultureInfo.InvariantCulture),
                ["RefundCluster:Storage"] = options.Storage == TargetStorage.PostgreSql ? "PostgreSql" : "Memory",
                // Its call profiler and periodic metrics reader cost a measurable share of the silo's CPU (README).
                ["RefundCluster:OrleansDashboard"] = options.OrleansDashboard ? "true" : "false",
            };
            if (options.Storage == TargetStorage.PostgreSql)
            {
                console.WriteLine($"# postgres: schema applied to {DescribeDatabase(options.ConnectionString!)} by deploy/postgres/apply.sh");
                await PostgresSchema.Apply(options.ConnectionString!, cancellationToken);
                // A cluster of its own per run: earlier runs' silos in the membership table are not waited for, nor their state read.
                settings["ConnectionStrings:RefundCluster"] = options.ConnectionString;
                settings["RefundCluster:ClusterId"] = $"loadtest-{runId}";
                settings["RefundCluster:ServiceId"] = $"loadtest-{runId}";
            }

            return await EmbeddedTarget.Start(settings);
        }

        var address = new Uri(options.Target.EndsWith('/') || options.Target.Contains('?', StringComparison.Ordinal) ? options.Target : options.Target + "/");
        return address.Scheme == "orleans" ? await OrleansGatewayTarget.Connect(address) : new HttpTarget(address, apiKey: options.ApiKey);
    }

    public static Task<RunReport> Execute(LoadTestOptions options, TextWriter console, CancellationToken cancellationToken) =>
        Execute(options, null, console, cancellationToken);

    /// <param name="given">A target the caller opened and disposes (tests); null opens the one the options name.</param>
    internal static async Task<RunReport> Execute(LoadTestOptions options, ITarget? given, TextWriter console, CancellationToken cancellationToken)
    {
        var runId = Guid.NewGuid().ToString("N")[..8];
        var scenario = options.CreateScenario(runId);
        var steps = options.Steps();
        await using var opened = given is null ? await OpenTarget(options, runId, console, cancellationToken) : null;
        var target = given ?? opened!;
        var targetDescription = options.Storage == TargetStorage.PostgreSql
            ? $"{target.Description} on PostgreSQL {DescribeDatabase(options.ConnectionString!)}"
            : target.Description;
        console.WriteLine($"# {scenario.Name}: {scenario.Description}");
        console.WriteLine($"# target: {targetDescription}; profile: {options.DescribeProfile()}; run {runId}");

        await scenario.Prepare(target, console, cancellationToken);
        await using var exported = options.MetricsPort is { } port ? await PrometheusEndpoint.Start(port, cancellationToken) : null;
        if (exported is not null)
        {
            console.WriteLine($"# live figures: http://127.0.0.1:{options.MetricsPort}/metrics (loadtest_*, for Prometheus beside the silos)");
        }

        await using var meter = CreateMeter(options, target);
        LiveDisplayContext? table = null;
        var boundaries = new System.Collections.Concurrent.ConcurrentDictionary<(int Step, bool Start), ResourceSnapshot>();
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var driver = new LoadDriver(scenario, target, steps)
        {
            Batch = options.Batch,
            BatchWindow = options.BatchWindow,
            OnStepBoundary = async (step, start) => boundaries[(step, start)] = await meter.Snapshot(cancellationToken),
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
                var progress = recorder.Progress(step);
                long? applied = options.Batch > 0 ? recorder.EventsApplied(step) : null;
                var title = $"[{clock.Elapsed.TotalSeconds,5:F0} s] step {step + 1}/{steps.Count} {steps[step].Name}";
                if (table is { } display)
                {
                    try
                    {
                        display.UpdateTarget(LiveTable.Render(title, progress, applied, recorder.KindProgress(step)));
                    }
                    catch (InvalidOperationException)
                    {
                        // A histogram changed under the read: this second's frame is skipped, the next one is drawn.
                    }

                    return;
                }

                var (ok, errors, rejected, p99) = progress;
                var events = applied is { } n ? $", events applied {n:N0}" : "";
                console.WriteLine($"  {title}: ok {ok:N0}, errors {errors:N0}, rejected {rejected:N0}, p99 {p99:N1} ms{events}");
            },
        };
        using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = options.HealthEvery is { } every ? new HealthSampler(target, every, () => driver.Recorder) : null;
        var sampling = sampler?.Run(Stopwatch.GetTimestamp(), stopSampling.Token) ?? Task.CompletedTask;
        RunRecorder recorded = null!;
        if (LiveTable.Fits(console))
        {
            // In a terminal: one table redrawn every second instead of a line per second.
            await AnsiConsole.Live(new Markup("starting…")).StartAsync(async context =>
            {
                table = context;
                recorded = await driver.Run(cancellationToken);
                table = null;
            });
        }
        else
        {
            recorded = await driver.Run(cancellationToken);
        }

        var duration = clock.Elapsed;
        if (sampler is not null)
        {
            // The last sample closes the run's last interval; then sampling stops (the settle below is not the run's).
            await stopSampling.CancelAsync();
            await sampling;
            await sampler.Sample(sampler.Samples.Count > 0 ? sampler.Samples[^1].At : TimeSpan.Zero, duration, cancellationToken);
        }

        // The work the events caused after their answers (seller timers, payouts) belongs to the run: wait for it.
        var settle = SettleAfterRun(scenario);
        console.WriteLine($"# settling {settle.TotalSeconds:N1} s ({(scenario is ReplayScenario ? "until the recording's last deadline firing" : "seller timers")}, payouts, PostgreSQL statistics) before the resource figures and the audit");
        await Task.Delay(settle, cancellationToken);
        var afterRun = await meter.Snapshot(cancellationToken);

        var stepReports = WithResources(recorded.Steps(), boundaries);
        var resources = RunResourcesOf(stepReports, boundaries, afterRun, meter);
        var kneeSearch = options.UntilBreach && options.Thresholds.Count > 0;
        var knee = KneeFinder.Find(stepReports, options.Thresholds, search: kneeSearch);
        var judged = JudgedSteps(stepReports, knee, kneeSearch);
        var requests = judged.Steps.Sum(i => stepReports[i].Ok + stepReports[i].Errors + stepReports[i].Rejected);
        var seconds = Math.Max(judged.Steps.Sum(i => stepReports[i].RateSpan.TotalSeconds), 1e-9);
        var figures = new MeasuredFigures(
            LatencySummary.Of(recorded.MeasuredLatency(judged.Steps.Contains)), requests, judged.Steps.Sum(i => stepReports[i].Errors),
            judged.Steps.Sum(i => stepReports[i].Rejected), requests / seconds)
        {
            OfKind = kind =>
            {
                var rows = judged.Steps.SelectMany(i => stepReports[i].Kinds.Where(k => k.Kind == kind)).ToList();
                return rows.Count == 0
                    ? null
                    : MeasuredFigures.Of(
                        new KindLatency(kind, rows.Sum(k => k.Count), rows.Sum(k => k.Errors), LatencySummary.Of(recorded.MeasuredKindLatency(kind, judged.Steps.Contains))),
                        seconds);
            },
        };
        var thresholds = options.Thresholds.Select(t => t.Evaluate(figures)).ToList();

        AuditReport? audit = null;
        LifecycleAuditReport? lifecycles = null;
        ReplayAuditReport? replayed = null;
        if (options.Audit && scenario is ReplayScenario replay)
        {
            console.WriteLine($"# replay audit: the refunds of {replay.Orders.Count:N0} replayed orders read back, against the recording replayed through the pure core under {replay.PolicySource}");
            replayed = await ReplayAudit.Run(target, replay, TimeSpan.FromSeconds(15), cancellationToken);
            console.WriteLine($"# replay audit: {replayed.Correct:N0} of {replayed.Refunds:N0} refunds right ({replayed.SkippedOrders:N0} of {replayed.Orders:N0} orders not predictable) in {replayed.Duration.TotalSeconds:N1} s");
        }

        if (options.Audit && scenario.Parts.OfType<LifecycleScenario>().FirstOrDefault() is { } lifecycle)
        {
            console.WriteLine($"# lifecycle audit: {lifecycle.Lifecycles.Traces.Count:N0} lifecycles' refunds read back, their end state and payout checked");
            var store = options.Storage == TargetStorage.Memory ? (target as EmbeddedTarget)?.Services.GetService<IPayoutStore>() : null;
            var connection = options.Storage == TargetStorage.PostgreSql ? options.ConnectionString : null;
            lifecycles = await LifecycleAudit.Run(target, lifecycle, connection, store, TimeSpan.FromSeconds(15), cancellationToken);
            console.WriteLine($"# lifecycle audit: {lifecycles.Correct:N0} of {lifecycles.Checked:N0} right ({lifecycles.Skipped:N0} not predictable) in {lifecycles.Duration.TotalSeconds:N1} s; payouts from {lifecycles.PayoutSource}");
        }

        if (options.Audit && scenario is not ReplayScenario)
        {
            console.WriteLine("# audit: refunds in their expected state, payout rows, shop metrics equal to what was sent");
            var payouts = (target as EmbeddedTarget)?.Services.GetService<IPayoutStore>();
            if (options.Rehearsal)
            {
                var timed = scenario.Expectations.Refunds.Values.Count(e => e.Automation == "timeout");
                console.WriteLine($"# rehearsal: {timed} refunds left to platform timers; waiting up to {options.AuditSettle.TotalSeconds:N0} s for them ({options.TimeScale}x clock)");
            }

            // The metrics' longest window is 30 days: a compressed run spanning more platform time cannot be compared.
            var platformSpan = (duration + options.AuditSettle) * options.TimeScale;
            var checkMetrics = platformSpan < TimeSpan.FromDays(29);
            if (!checkMetrics)
            {
                console.WriteLine($"# audit: the run spans {platformSpan.TotalDays:N0} days of platform time, past the 30-day metrics window: shop metrics not compared");
            }

            audit = await RunAudit.Run(target, scenario.Expectations, payouts, options.AuditSettle, cancellationToken, checkMetrics);
        }

        IReadOnlyList<CeilingReport> ceilings = [];
        if (options.Ceilings)
        {
            console.WriteLine("# ceilings: raw capacity of the same host, measured now");
            // A knee search is compared at its knee (what the cluster sustains within the thresholds); else all measured steps together.
            var rates = kneeSearch && knee?.HighestHeldStep is not null
                ? ScenarioRates.Of(stepReports[judged.Steps.Max()])
                : new ScenarioRates(figures.Rate, judged.Steps.Sum(i => stepReports[i].Events) / seconds);
            var postgres = options.Storage == TargetStorage.PostgreSql
                ? new PostgresProbe(options.ConnectionString!, runId, options.CeilingDuration)
                : null;
            try
            {
                ceilings = await CeilingProbe.Measure(target, rates, options.CeilingDuration, cancellationToken, postgres);
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or Npgsql.NpgsqlException)
            {
                // The ceilings are context for the figures; an hour's soak must not lose its report to them (it did: a
                // target's rate limit answered the /healthz probe 429 after the audit, and the tool ended with nothing).
                console.WriteLine($"# ceilings not measured: {e.Message}");
            }
        }

        return new RunReport(scenario.Name, targetDescription, options.DescribeProfile(), started, duration, stepReports, recorded.Timeline(), thresholds, audit, ceilings)
        {
            Knee = knee,
            KneeSearch = kneeSearch,
            ThresholdScope = judged.Scope,
            Resources = resources,
            Lifecycles = lifecycles,
            Replay = replayed,
            Workload = WorkloadSummary.Of([.. judged.Steps.Order().Select(i => stepReports[i])], LatencySummary.Of(recorded.MeasuredKindLatency("batch", judged.Steps.Contains))),
            Spectra = Spectra(recorded, stepReports, judged.Steps),
            Health = sampler?.Samples ?? [],
            HealthProblem = sampler?.Problem,
            Soak = options.Soak && sampler is not null ? SoakVerdict.Judge(sampler.Samples, duration) : null,
        };
    }

    /// <summary>The measured run's, each measured step's and each request kind's latency spectra (kind: over the measured steps).</summary>
    private static IReadOnlyList<PercentileSpectrum> Spectra(RunRecorder recorded, IReadOnlyList<StepReport> steps, IReadOnlyCollection<int> measured) =>
    [
        new("run", recorded.MeasuredLatency(measured.Contains).PercentileSpectrum()),
        .. measured.Order().Select(i => new PercentileSpectrum($"step-{i + 1}", recorded.StepLatency(i).PercentileSpectrum())),
        .. measured.SelectMany(i => steps[i].Kinds.Select(k => k.Kind)).Distinct().Order(StringComparer.Ordinal)
            .Select(kind => new PercentileSpectrum($"kind-{kind}", recorded.MeasuredKindLatency(kind, measured.Contains).PercentileSpectrum())),
    ];

    /// <summary>
    /// What measures the cluster's resources: PostgreSQL's counters with PostgreSQL storage; the silo's CPU (the
    /// embedded silo is this process; a remote one is <c>--silo-pid</c>, else whatever listens on the target's port
    /// on this machine); PostgreSQL's CPU when the server is local.
    /// </summary>
    private static ResourceMeter CreateMeter(LoadTestOptions options, ITarget target)
    {
        var connection = options.Storage == TargetStorage.PostgreSql ? options.ConnectionString : null;
        if (target is EmbeddedTarget || options.Target == "embedded")
        {
            return new ResourceMeter(connection, () => [Environment.ProcessId],
                "embedded: the silo runs in the load tool's process, so its CPU includes the driver's (HTTP client, pacing, JSON)");
        }

        if (options.SiloPids is { Count: > 0 } pids)
        {
            return new ResourceMeter(connection, () => pids, $"silo CPU of process{(pids.Count == 1 ? "" : "es")} {string.Join(", ", pids)} (--silo-pid)");
        }

        var address = new Uri(options.Target.Contains("://", StringComparison.Ordinal) ? options.Target : "http://" + options.Target);
        var local = address.IsLoopback;
        var port = address.Port;
        var found = local ? ProcCpu.ListeningOn(port) : [];
        return found.Count > 0
            ? new ResourceMeter(connection, () => ProcCpu.ListeningOn(port) is { Count: > 0 } now ? now : found,
                $"silo CPU of the process listening on port {port} (pid {string.Join(", ", found)}, from /proc/net/tcp)")
            : new ResourceMeter(connection, null, null);
    }

    /// <summary>
    /// How long the work caused by the run goes on after its last answer: for lifecycles, until the last silent
    /// seller's timer fired and its payout went out; else a moment for PostgreSQL's statistics (flushed about once a second).
    /// </summary>
    private static TimeSpan SettleAfterRun(IScenario scenario)
    {
        var statistics = TimeSpan.FromSeconds(1.5);
        if (scenario is ReplayScenario { StartTimestamp: not 0 } replay)
        {
            // Until the target's clock has passed the recording's last line (the last deadline it recorded firing), and payouts went out.
            var lastLine = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), replay.StartTimestamp) + ((replay.Recording.Last - replay.Recording.First) / replay.Speed) + TimeSpan.FromSeconds(2.5);
            return lastLine > statistics ? lastLine : statistics;
        }

        if (scenario.Parts.OfType<LifecycleScenario>().FirstOrDefault() is not { } lifecycle)
        {
            return statistics;
        }

        var lastRequest = lifecycle.Lifecycles.Traces.Values.Where(t => t.Requested == StageResult.Applied).Select(t => t.RequestAnsweredAt).DefaultIfEmpty(0).Max();
        if (lastRequest == 0)
        {
            return statistics;
        }

        var until = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), lastRequest) + lifecycle.Schedule.SellerTimer + TimeSpan.FromSeconds(2.5);
        return until > statistics ? until : statistics;
    }

    /// <summary>Each step's resource use between its start and end snapshots, per event applied in it.</summary>
    private static IReadOnlyList<StepReport> WithResources(IReadOnlyList<StepReport> steps, IReadOnlyDictionary<(int Step, bool Start), ResourceSnapshot> boundaries) =>
        [.. steps.Select((s, i) => boundaries.TryGetValue((i, true), out var from) && boundaries.TryGetValue((i, false), out var to)
            ? s with { Resources = ResourceMeter.Between(from, to, s.Events) }
            : s)];

    /// <summary>From the first measured step's start until after the settle, per event applied in the measured steps.</summary>
    private static RunResources? RunResourcesOf(
        IReadOnlyList<StepReport> steps, IReadOnlyDictionary<(int Step, bool Start), ResourceSnapshot> boundaries, ResourceSnapshot afterRun, ResourceMeter meter)
    {
        var first = Enumerable.Range(0, steps.Count).Where(i => !steps[i].Warmup).DefaultIfEmpty(-1).First();
        if (first < 0 || !boundaries.TryGetValue((first, true), out var from))
        {
            return null;
        }

        var use = ResourceMeter.Between(from, afterRun, steps.Where(s => !s.Warmup).Sum(s => s.Events));
        return use.Database is null && use.SiloCpuMs is null && use.PostgresCpuMs is null ? null : new RunResources(use, meter.SiloNote, meter.PostgresNote);
    }

    /// <summary>
    /// The steps the overall thresholds (and the ceilings' shares) are taken over: every measured step; or, when a
    /// knee search (<c>--until-breach</c>) found steps that held, only those, since the breached step that ended the
    /// search is its expected end. Indexes into <paramref name="steps"/>, and a note for the report (null: all measured).
    /// </summary>
    internal static (IReadOnlySet<int> Steps, string? Scope) JudgedSteps(IReadOnlyList<StepReport> steps, KneeReport? knee, bool kneeSearch)
    {
        var measured = Enumerable.Range(0, steps.Count).Where(i => !steps[i].Warmup).ToList();
        if (!kneeSearch || knee is null)
        {
            return (measured.ToHashSet(), null);
        }

        var held = measured.Take(knee.Steps.TakeWhile(v => v.Held).Count()).ToHashSet();
        if (held.Count == 0)
        {
            return (measured.ToHashSet(), "knee search: the first measured step already breached a threshold, so no rate held (the run fails)");
        }

        return (held, knee.FirstBreachedStep is null
            ? $"knee search: every one of the {held.Count} measured steps held"
            : $"knee search: over the {held.Count} step{(held.Count == 1 ? "" : "s")} that held; {knee.FirstBreachedStep} breached and ended the search, as expected");
    }

    /// <summary>host:port/database of a connection string (never its password).</summary>
    internal static string DescribeDatabase(string connectionString)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{cs.Host}:{cs.Port}/{cs.Database}";
    }
}
