using RefundCluster.Performance.Measuring;

namespace RefundCluster.LoadTests.Reporting;

/// <summary>Everything a run measured: what the report folder (JSON, Markdown, HTML) shows.</summary>
public sealed record RunReport(
    string Scenario,
    string Target,
    string Profile,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    IReadOnlyList<StepReport> Steps,
    IReadOnlyList<TimelinePoint> Timeline,
    IReadOnlyList<ThresholdResult> Thresholds,
    AuditReport? Audit,
    IReadOnlyList<CeilingReport> Ceilings)
{
    /// <summary>
    /// Every threshold held and the audit (when run) found nothing wrong; in a knee search, also at least one measured
    /// step held (its last, breached step is the expected end of the search, and the thresholds are taken over the
    /// steps that held).
    /// </summary>
    public bool Passed => Thresholds.All(t => t.Passed) && Audit?.Passed != false && Lifecycles?.Passed != false && Replay?.Passed != false && Soak?.Passed != false
        && (!KneeSearch || Knee?.HighestHeldStep is not null);

    /// <summary>With thresholds and several measured steps (or a knee search): the thresholds step by step, and the highest rate they held at.</summary>
    public KneeReport? Knee { get; init; }

    /// <summary>The run raised the rate until a step breached a threshold (<c>--until-breach</c>).</summary>
    public bool KneeSearch { get; init; }

    /// <summary>Which steps the thresholds were evaluated over, when not every measured step (null: all of them).</summary>
    public string? ThresholdScope { get; init; }

    /// <summary>Events offered and applied, batch latency and status codes over the measured steps; null when no event was sent.</summary>
    public WorkloadSummary? Workload { get; init; }

    /// <summary>Commits, row writes and CPU per event over the measured run; null when not measured.</summary>
    public RunResources? Resources { get; init; }

    /// <summary>The lifecycle audit (lifecycle scenario): every lifecycle's end state and payout.</summary>
    public LifecycleAuditReport? Lifecycles { get; init; }

    /// <summary>The replay audit (<c>--replay</c>): every replayed refund against the recording replayed through the pure core.</summary>
    public ReplayAuditReport? Replay { get; init; }

    /// <summary>The target's health every <c>--health-every</c> during the run (empty: not sampled).</summary>
    public IReadOnlyList<Measuring.HealthSample> Health { get; init; } = [];

    /// <summary>Why the health samples have no figures (the target's /metrics could not be read); null when they have.</summary>
    public string? HealthProblem { get; init; }

    /// <summary>A soak run (<c>--soak</c>): whether memory and p99 levelled off over its last two thirds.</summary>
    public SoakVerdict? Soak { get; init; }

    /// <summary>Percentile spectra (<c>.hgrm</c>) of the measured run, each measured step and each request kind; files of their own, not in the JSON.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<PercentileSpectrum> Spectra { get; init; } = [];
}

/// <summary>Where the thresholds stopped holding as the rate rose.</summary>
public sealed record KneeReport(double HighestHeldRate, string? HighestHeldStep, string? FirstBreachedStep, IReadOnlyList<StepVerdict> Steps)
{
    /// <summary>
    /// Set when the first measured step broke thresholds that a heavier later step held: that step measured a cluster
    /// still warming up (JIT, caches, connection pools), and the knee it reports is understated.
    /// </summary>
    public string? ColdStartWarning => Steps.Count > 1 && Steps[0] is { Held: false } first && Steps.Skip(1).FirstOrDefault(v => v.Held && v.Rate > first.Rate) is { } warm
        ? $"The first measured step ({first.Step}, {first.Rate:0.#}/s) broke thresholds that a heavier later step ({warm.Step}, {warm.Rate:0.#}/s) held: " +
          "the cluster was still warming up (JIT, caches, connection pools). Run again with a longer --warmup."
        : null;
}

/// <summary>One measured step against every threshold.</summary>
public sealed record StepVerdict(string Step, double Rate, bool Held, string Detail);

/// <summary>
/// One step of the load profile (a warm-up step is shown but excluded from thresholds). Rates are per second: the
/// target in iterations (one iteration is one arrival: an event, a whole funnel of several requests, a query), the
/// achieved rate in requests, <see cref="IterationRate"/> in iterations. Achieved rates are taken over
/// <see cref="RateSpan"/>: a step whose requests are still answered long after it ended (a backlog) shows what the
/// cluster got through, not what was offered.
/// </summary>
public sealed record StepReport(
    string Name,
    double TargetRate,
    double AchievedRate,
    TimeSpan Duration,
    bool Warmup,
    long Ok,
    long Errors,
    long Rejected,
    LatencySummary Latency,
    IReadOnlyList<KindLatency> Kinds)
{
    /// <summary>Iterations started in this step that ended (with or without errors).</summary>
    public long Iterations { get; init; }

    /// <summary>Events the cluster acknowledged: each one persisted before it was answered.</summary>
    public long Events { get; init; }

    /// <summary>From the step's start until the last of its requests and iterations ended (zero when unknown).</summary>
    public TimeSpan Span { get; init; }

    /// <summary>What the step's achieved rates are taken over: its span, and never less than its duration.</summary>
    public TimeSpan RateSpan => Span > Duration ? Span : Duration;

    /// <summary>Iterations per second: the target rate's unit.</summary>
    public double IterationRate => RateSpan > TimeSpan.Zero ? Iterations / RateSpan.TotalSeconds : 0;

    /// <summary>Acknowledged (durable) events per second: the events applied.</summary>
    public double EventRate => RateSpan > TimeSpan.Zero ? Events / RateSpan.TotalSeconds : 0;

    /// <summary>Events sent (one per <c>POST /v1/events</c>, or each item of a batch), applied or not.</summary>
    public long EventsOffered { get; init; }

    /// <summary>Of <see cref="EventsOffered"/>, those due after the step ended: the last step's lifecycles' later stages.</summary>
    public long EventsOfferedAfterEnd { get; init; }

    /// <summary>Events offered per second: those due within the step, over its duration.</summary>
    public double OfferedEventRate => Duration > TimeSpan.Zero ? (EventsOffered - EventsOfferedAfterEnd) / Duration.TotalSeconds : 0;

    /// <summary>Requests to <c>POST /v1/events/batch</c> (with <c>--batch</c>); the step's requests and latency are then the batches'.</summary>
    public long Batches { get; init; }

    /// <summary>Events that could not go when due because their iteration's previous event was not answered yet: sent late, counted from their due time.</summary>
    public long LateEvents { get; init; }

    /// <summary>Events offered but not applied, by reason (an item's problem code, or the failed request's status).</summary>
    public IReadOnlyDictionary<string, long> NotApplied { get; init; } = new Dictionary<string, long>();

    /// <summary>Answers by HTTP status (503 with and without Retry-After apart; "timeout", "no answer").</summary>
    public IReadOnlyDictionary<string, long> StatusCodes { get; init; } = new Dictionary<string, long>();

    /// <summary>What the cluster spent from the step's start to its end, per event applied in the step; null when not measured.</summary>
    public ResourceUse? Resources { get; init; }
}

/// <summary>Latency of one kind of request (an event kind, a query) within a step.</summary>
public sealed record KindLatency(string Kind, long Count, long Errors, LatencySummary Latency);

/// <summary>Milliseconds, measured from each request's intended send time (coordinated-omission corrected).</summary>
public sealed record LatencySummary(double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0);

    public static LatencySummary Of(LatencyHistogram latency) => latency.Count == 0
        ? Empty
        : new LatencySummary(latency.PercentileMs(50), latency.PercentileMs(90), latency.PercentileMs(99), latency.PercentileMs(99.9), latency.MaxMs, latency.MeanMs);
}

/// <summary>
/// One second of the run: what was offered (<see cref="TargetRate"/>, iterations/s), what completed
/// (<see cref="Iterations"/>, iterations; <see cref="Throughput"/>, requests), how fast.
/// </summary>
public sealed record TimelinePoint(double Second, double TargetRate, double Throughput, long Errors, long Rejected, double P50Ms, double P99Ms)
{
    /// <summary>Iterations that ended in this second: the unit of <see cref="TargetRate"/>.</summary>
    public double Iterations { get; init; }
}

public sealed record ThresholdResult(string Expression, double Actual, bool Passed);

/// <summary>The correctness audit after the run: every refund sent in its expected final state, and so on.</summary>
public sealed record AuditReport(long Checked, long Correct, IReadOnlyList<string> Failures)
{
    public bool Passed => Failures.Count == 0 && Checked == Correct;
}

/// <summary>A raw capacity figure measured in the same run, and the scenario's throughput as a share of it.</summary>
public sealed record CeilingReport(string Name, double OperationsPerSecond, double ScenarioShare)
{
    /// <summary>Which of the scenario's rates is compared with the ceiling: requests/s, or durable events/s.</summary>
    public string Compared { get; init; } = "requests/s";

    /// <summary>That rate of the scenario (per second, over the measured steps).</summary>
    public double ScenarioRate { get; init; } = double.NaN;
}

/// <summary>The run's resource figures: the whole measured run (after its timers fired) and how they were taken.</summary>
/// <param name="Run">From the first measured step's start until the run's timers and payouts settled, per event applied in the measured steps.</param>
public sealed record RunResources(ResourceUse Run, string? SiloNote, string? PostgresNote);

/// <summary>
/// The lifecycle audit: each lifecycle's refund read back after the seller timers, its status and automation against
/// what the lifecycle did, and its payout (exactly one, of the refund's amount, paid).
/// </summary>
/// <param name="Lifecycles">Lifecycles started.</param>
/// <param name="Checked">Lifecycles whose end state could be predicted and was checked.</param>
/// <param name="Skipped">Lifecycles left unchecked: one of their events got no telling answer (a timeout), so either end is right.</param>
/// <param name="Expected">Checked lifecycles by the end they were expected to reach.</param>
/// <param name="Mismatches">Wrong ends by kind (a status, an automation, a payout...).</param>
/// <param name="Examples">A few wrong lifecycles, spelled out.</param>
/// <param name="PayoutSource">Where the payouts were read: the PostgreSQL payout table, the embedded payout store, or the refund views.</param>
public sealed record LifecycleAuditReport(
    long Lifecycles, long Checked, long Correct, long Skipped, IReadOnlyDictionary<string, long> Expected,
    IReadOnlyDictionary<string, long> Mismatches, IReadOnlyList<string> Examples, string PayoutSource, TimeSpan Duration)
{
    public bool Passed => Checked == Correct && Mismatches.Count == 0;
}

/// <summary>
/// The event figures over the measured steps (those the thresholds are judged over): events offered and applied per
/// second, batch latency (with <c>--batch</c>), answers by HTTP status and events not applied by reason.
/// </summary>
public sealed record WorkloadSummary(
    long EventsOffered, long EventsApplied, double OfferedEventRate, double AppliedEventRate, long Batches, long LateEvents,
    LatencySummary? BatchLatency, IReadOnlyDictionary<string, long> StatusCodes, IReadOnlyDictionary<string, long> NotApplied)
{
    public static WorkloadSummary? Of(IReadOnlyList<StepReport> steps, LatencySummary? batchLatency)
    {
        if (steps.Count == 0 || steps.All(s => s.EventsOffered == 0 && s.StatusCodes.Count == 0))
        {
            return null;
        }

        var duration = steps.Sum(s => s.Duration.TotalSeconds);
        var span = steps.Sum(s => s.RateSpan.TotalSeconds);
        return new WorkloadSummary(
            steps.Sum(s => s.EventsOffered), steps.Sum(s => s.Events),
            duration > 0 ? steps.Sum(s => s.EventsOffered - s.EventsOfferedAfterEnd) / duration : 0, span > 0 ? steps.Sum(s => s.Events) / span : 0,
            steps.Sum(s => s.Batches), steps.Sum(s => s.LateEvents), steps.Sum(s => s.Batches) > 0 ? batchLatency : null,
            Merge(steps.Select(s => s.StatusCodes)), Merge(steps.Select(s => s.NotApplied)));
    }

    private static Dictionary<string, long> Merge(IEnumerable<IReadOnlyDictionary<string, long>> counts) =>
        counts.SelectMany(c => c).GroupBy(c => c.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, Count: g.Sum(c => c.Value)))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal)
            .ToDictionary(c => c.Key, c => c.Count, StringComparer.Ordinal);
}

/// <summary>One latency distribution as HdrHistogram's percentile-spectrum text, written to <c>latency-{Name}.hgrm</c>.</summary>
public sealed record PercentileSpectrum(string Name, string Hgrm);

/// <summary>
/// The replay audit (<c>run --replay</c>): each refund the replayed orders name, read back from the target, against the
/// recording replayed through the pure core under the replay policy (status, automation, refunded amount).
/// </summary>
/// <param name="Orders">Orders in the recording (each one iteration of the replay).</param>
/// <param name="CheckedOrders">Orders whose end could be predicted: every event was answered (applied, refused or shed).</param>
/// <param name="SkippedOrders">Orders left unchecked: an event got no telling answer (a timeout), so it may or may not have been applied.</param>
/// <param name="Refunds">Refunds of the checked orders (each id their events name), checked.</param>
/// <param name="Correct">Of those, the ones whose status, automation and refunded amount match.</param>
/// <param name="Expected">Checked refunds by the end the recording's replay gives them ("succeeded by timeout", "no refund", ...).</param>
/// <param name="Mismatches">Wrong refunds by kind (a status, an automation, an amount, missing, unexpected).</param>
/// <param name="EventsRefused">Events the target answered with a refusal (left in the expected replay: the pure core refuses them too when the two agree).</param>
/// <param name="EventsShed">Events the target shed (429, 503), left out of the expected replay.</param>
/// <param name="EventsSkippedByReplay">Events the pure core's replay of the checked orders skipped (their state refused them).</param>
/// <param name="Policy">The replay policy: where it came from.</param>
public sealed record ReplayAuditReport(
    long Orders, long CheckedOrders, long SkippedOrders, long Refunds, long Correct, IReadOnlyDictionary<string, long> Expected,
    IReadOnlyDictionary<string, long> Mismatches, IReadOnlyList<string> Examples, long EventsRefused, long EventsShed, long EventsSkippedByReplay,
    string Policy, TimeSpan Duration)
{
    public bool Passed => Refunds == Correct && Mismatches.Count == 0;
}
