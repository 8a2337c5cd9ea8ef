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
    /// <summary>Every threshold held and the audit (when run) found nothing wrong.</summary>
    public bool Passed => Thresholds.All(t => t.Passed) && Audit?.Passed != false;

    /// <summary>With thresholds and several measured steps: the thresholds step by step, and the highest rate they held at.</summary>
    public KneeReport? Knee { get; init; }
}

/// <summary>Where the thresholds stopped holding as the rate rose.</summary>
public sealed record KneeReport(double HighestHeldRate, string? HighestHeldStep, string? FirstBreachedStep, IReadOnlyList<StepVerdict> Steps);

/// <summary>One measured step against every threshold.</summary>
public sealed record StepVerdict(string Step, double Rate, bool Held, string Detail);

/// <summary>One step of the load profile (a warm-up step is shown but excluded from thresholds).</summary>
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
    IReadOnlyList<KindLatency> Kinds);

/// <summary>Latency of one kind of request (an event kind, a query) within a step.</summary>
public sealed record KindLatency(string Kind, long Count, long Errors, LatencySummary Latency);

/// <summary>Milliseconds, measured from each request's intended send time (coordinated-omission corrected).</summary>
public sealed record LatencySummary(double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0);
}

/// <summary>One second of the run: what was offered, what completed, how fast.</summary>
public sealed record TimelinePoint(double Second, double TargetRate, double Throughput, long Errors, long Rejected, double P50Ms, double P99Ms);

public sealed record ThresholdResult(string Expression, double Actual, bool Passed);

/// <summary>The correctness audit after the run: every refund sent in its expected final state, and so on.</summary>
public sealed record AuditReport(long Checked, long Correct, IReadOnlyList<string> Failures)
{
    public bool Passed => Failures.Count == 0 && Checked == Correct;
}

/// <summary>A raw capacity figure measured in the same run, and the scenario's throughput as a share of it.</summary>
public sealed record CeilingReport(string Name, double OperationsPerSecond, double ScenarioShare);
