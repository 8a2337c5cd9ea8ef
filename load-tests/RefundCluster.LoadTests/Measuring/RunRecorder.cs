using System.Collections.Concurrent;
using System.Diagnostics;
using RefundCluster.LoadTests.Driving;
using RefundCluster.LoadTests.Profiles;
using RefundCluster.LoadTests.Reporting;
using RefundCluster.LoadTests.Targets;
using RefundCluster.Performance.Measuring;

namespace RefundCluster.LoadTests.Measuring;

/// <summary>
/// What the run measured: per step and per request kind, latency from each request's intended start and the outcome
/// counts; and per second of the run, throughput, errors and latency, for the charts.
/// </summary>
/// <param name="iterationsPerRateUnit">
/// Iterations per unit of the steps' rates: 1, or for a scenario whose rates count events (lifecycle) 1 / events per
/// iteration, so that target and achieved rates are both in iterations/s.
/// </param>
public sealed class RunRecorder(IReadOnlyList<LoadStep> steps, long runStartTimestamp, double iterationsPerRateUnit = 1)
{
    private readonly StepStats[] _steps = [.. steps.Select(s => new StepStats(s))];
    private readonly ConcurrentDictionary<int, SecondStats> _seconds = new();

    public long RunStartTimestamp => runStartTimestamp;

    public void StepStarted(int step, long timestamp)
    {
        _steps[step].Started = timestamp;
        LoadTestMeter.StepStarted(steps[step].Rate);
    }

    public void StepEnded(int step, long timestamp) => _steps[step].Ended = timestamp;

    /// <param name="durableEvent">
    /// The request is one event (<c>POST /v1/events</c>): it counts as offered, and as applied if acknowledged (the
    /// API answers only after the write, so an acknowledged event is persisted).
    /// </param>
    /// <param name="status">What the answer counts as in the status-code table (<see cref="TargetResponse.StatusKey"/>); null: not counted.</param>
    public void Record(int step, string kind, long intendedTimestamp, long completedTimestamp, Outcome outcome, bool durableEvent = false, string? status = null)
    {
        var stats = _steps[step];
        var kindStats = stats.Kinds.GetOrAdd(kind, _ => new KindStats());
        var second = _seconds.GetOrAdd(SecondOf(completedTimestamp), _ => new SecondStats());
        stats.Completed(completedTimestamp);
        Export(kind, intendedTimestamp, completedTimestamp, outcome);
        if (durableEvent)
        {
            LoadTestMeter.EventsOffered.Add(1);
            if (outcome == Outcome.Ok)
            {
                LoadTestMeter.EventsApplied.Add(1);
            }
        }

        if (status is not null)
        {
            stats.StatusCodes.AddOrUpdate(status, 1, (_, n) => n + 1);
        }

        if (durableEvent)
        {
            Interlocked.Increment(ref stats.EventsOffered);
            stats.CountIfAfterEnd(intendedTimestamp, 1);
            if (outcome != Outcome.Ok)
            {
                stats.NotApplied.AddOrUpdate(status is null ? "failed" : $"HTTP {status}", 1, (_, n) => n + 1);
            }
        }

        switch (outcome)
        {
            case Outcome.Ok:
                Interlocked.Increment(ref stats.Ok);
                if (durableEvent)
                {
                    Interlocked.Increment(ref stats.Events);
                }

                stats.Latency.Record(intendedTimestamp, completedTimestamp);
                kindStats.Latency.Record(intendedTimestamp, completedTimestamp);
                second.Latency.Record(intendedTimestamp, completedTimestamp);
                break;
            case Outcome.Rejected:
                Interlocked.Increment(ref stats.Rejected);
                Interlocked.Increment(ref kindStats.Errors);
                Interlocked.Increment(ref second.Rejected);
                break;
            default:
                Interlocked.Increment(ref stats.Errors);
                Interlocked.Increment(ref kindStats.Errors);
                Interlocked.Increment(ref second.Errors);
                break;
        }
    }

    /// <summary>
    /// One <c>POST /v1/events/batch</c> (<see cref="EventBatcher"/>): a request of kind <c>batch</c>, timed from its
    /// intended send time, whose status counts once, and whose items count as events one by one: offered, applied
    /// (accepted or duplicate), or not applied with their code.
    /// </summary>
    /// <summary>The live export's share of a record (<see cref="LoadTestMeter"/>): counted by kind and outcome, timed when answered.</summary>
    private static void Export(string kind, long intendedTimestamp, long completedTimestamp, Outcome outcome)
    {
        if (!LoadTestMeter.Requests.Enabled)
        {
            return; // no --metrics-port: nothing listens, so nothing to tag or time
        }

        var kindTag = LoadTestMeter.Kind(kind);
        LoadTestMeter.Requests.Add(1, kindTag, new KeyValuePair<string, object?>("outcome", outcome switch
        {
            Outcome.Ok => "ok",
            Outcome.Rejected => "rejected",
            _ => "error",
        }));
        if (outcome == Outcome.Ok)
        {
            LoadTestMeter.Latency.Record(Stopwatch.GetElapsedTime(intendedTimestamp, completedTimestamp).TotalMilliseconds, kindTag);
        }
    }

    public void RecordBatch(int step, long intendedTimestamp, long completedTimestamp, TargetResponse response, IReadOnlyList<ItemAnswer> items)
    {
        var outcome = response.IsSuccess ? Outcome.Ok : response.IsRejected ? Outcome.Rejected : Outcome.Error;
        Record(step, "batch", intendedTimestamp, completedTimestamp, outcome, status: response.StatusKey);
        var stats = _steps[step];
        Interlocked.Increment(ref stats.Batches);
        Interlocked.Add(ref stats.EventsOffered, items.Count);
        stats.CountIfAfterEnd(intendedTimestamp, items.Count);
        var applied = 0;
        foreach (var item in items)
        {
            if (item.Applied)
            {
                Interlocked.Increment(ref stats.Events);
                applied++;
            }
            else
            {
                stats.NotApplied.AddOrUpdate(item.NotAppliedCode ?? "unknown", 1, (_, n) => n + 1);
            }
        }

        LoadTestMeter.EventsOffered.Add(items.Count);
        LoadTestMeter.EventsApplied.Add(applied);
    }

    /// <summary>
    /// One event sent in a batch, from when it fell due to its item's answer: its kind's latency (or error) only; the
    /// step's request figures are the batches'. <paramref name="late"/>: it could not go when due, because its
    /// iteration's previous event was not answered yet.
    /// </summary>
    public void RecordEvent(int step, string kind, long dueTimestamp, long completedTimestamp, bool applied, bool late)
    {
        var stats = _steps[step];
        var kindStats = stats.Kinds.GetOrAdd(kind, _ => new KindStats());
        Export(kind, dueTimestamp, completedTimestamp, applied ? Outcome.Ok : Outcome.Rejected);
        if (applied)
        {
            kindStats.Latency.Record(dueTimestamp, completedTimestamp);
        }
        else
        {
            Interlocked.Increment(ref kindStats.Errors);
        }

        if (late)
        {
            Interlocked.Increment(ref stats.LateEvents);
        }
    }

    /// <summary>The step running at <paramref name="timestamp"/> (the last one started by then; the first before any).</summary>
    public int StepAt(long timestamp)
    {
        for (var i = _steps.Length - 1; i > 0; i--)
        {
            var started = Interlocked.Read(ref _steps[i].Started);
            if (started != 0 && started <= timestamp)
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>An iteration that started in <paramref name="step"/> ended (whether its requests succeeded or not).</summary>
    public void IterationCompleted(int step, long completedTimestamp)
    {
        Interlocked.Increment(ref _steps[step].Iterations);
        _steps[step].Completed(completedTimestamp);
        Interlocked.Increment(ref _seconds.GetOrAdd(SecondOf(completedTimestamp), _ => new SecondStats()).Iterations);
    }

    /// <summary>Counts of the step so far, for the live console.</summary>
    /// <summary>
    /// Each request kind of a step so far, for the live table: answered, errors, p50 and p99 (only: the other figures
    /// walk the whole histogram, which recording threads change meanwhile).
    /// </summary>
    public IReadOnlyList<KindLatency> KindProgress(int step) =>
        [.. _steps[step].Kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => new KindLatency(
            k.Key, k.Value.Latency.Count + Interlocked.Read(ref k.Value.Errors), Interlocked.Read(ref k.Value.Errors),
            LatencySummary.Empty with { P50Ms = k.Value.Latency.PercentileMs(50), P99Ms = k.Value.Latency.PercentileMs(99) }))];

    public (long Ok, long Errors, long Rejected, double P99Ms) Progress(int step)
    {
        var stats = _steps[step];
        return (Interlocked.Read(ref stats.Ok), Interlocked.Read(ref stats.Errors), Interlocked.Read(ref stats.Rejected), stats.Latency.PercentileMs(99));
    }

    /// <summary>Events applied so far in the step, for the live console.</summary>
    public long EventsApplied(int step) => Interlocked.Read(ref _steps[step].Events);

    /// <summary>The steps that ran (a run stopped at its knee leaves the rest out).</summary>
    public IReadOnlyList<StepReport> Steps() => [.. _steps.Where(s => s.Started != 0 || s.Ok + s.Errors + s.Rejected > 0).Select(s =>
    {
        var elapsed = s.Ended > s.Started ? Stopwatch.GetElapsedTime(s.Started, s.Ended) : s.Step.Duration;
        // Requests still answered after the step (a backlog) stretch the time its rate is taken over.
        var span = s.Started != 0 && s.LastCompleted > s.Started ? Stopwatch.GetElapsedTime(s.Started, s.LastCompleted) : elapsed;
        span = span > elapsed ? span : elapsed;
        return new StepReport(
            s.Step.Name, s.Step.Rate * iterationsPerRateUnit, (s.Ok + s.Errors + s.Rejected) / Math.Max(span.TotalSeconds, 1e-9), elapsed, s.Step.Warmup,
            s.Ok, s.Errors, s.Rejected, LatencySummary.Of(s.Latency),
            [.. s.Kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => new KindLatency(k.Key, k.Value.Latency.Count + k.Value.Errors, k.Value.Errors, LatencySummary.Of(k.Value.Latency)))])
        {
            Iterations = s.Iterations,
            Events = s.Events,
            Span = span,
            EventsOffered = s.EventsOffered,
            EventsOfferedAfterEnd = s.OfferedAfterEnd,
            Batches = s.Batches,
            LateEvents = s.LateEvents,
            NotApplied = s.NotApplied.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Value),
            StatusCodes = s.StatusCodes.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Value),
        };
    })];

    public IReadOnlyList<TimelinePoint> Timeline() => [.. _seconds.OrderBy(p => p.Key).Select(p =>
    {
        var targetRate = TargetRateAt(p.Key);
        return new TimelinePoint(p.Key, targetRate, p.Value.Latency.Count + p.Value.Errors + p.Value.Rejected, p.Value.Errors, p.Value.Rejected, p.Value.Latency.PercentileMs(50), p.Value.Latency.PercentileMs(99))
        {
            Iterations = p.Value.Iterations,
        };
    })];

    /// <summary>Latency and answers of the seconds of the run in [<paramref name="from"/>, <paramref name="to"/>) (for the health samples).</summary>
    public (LatencyHistogram Latency, long Answers) Between(TimeSpan from, TimeSpan to)
    {
        var total = new LatencyHistogram();
        long answers = 0;
        foreach (var (second, stats) in _seconds)
        {
            if (second >= (int)from.TotalSeconds && second < (int)to.TotalSeconds)
            {
                stats.Latency.AddTo(total);
                answers += stats.Latency.Count + Interlocked.Read(ref stats.Errors) + Interlocked.Read(ref stats.Rejected);
            }
        }

        return (total, answers);
    }

    /// <summary>Measured (non-warm-up) steps' latency together, for thresholds: all of them, or those <paramref name="include"/> takes (by index).</summary>
    public LatencyHistogram MeasuredLatency(Func<int, bool>? include = null)
    {
        var total = new LatencyHistogram();
        foreach (var step in _steps.Where((s, i) => !s.Step.Warmup && (include is null || include(i))))
        {
            step.Latency.AddTo(total);
        }

        return total;
    }

    /// <summary>One step's request latency.</summary>
    public LatencyHistogram StepLatency(int step) => _steps[step].Latency;

    /// <summary>One request kind's latency over the measured steps (those <paramref name="include"/> takes), e.g. every batch's.</summary>
    public LatencyHistogram MeasuredKindLatency(string kind, Func<int, bool>? include = null)
    {
        var total = new LatencyHistogram();
        foreach (var step in _steps.Where((s, i) => !s.Step.Warmup && (include is null || include(i))))
        {
            if (step.Kinds.TryGetValue(kind, out var stats))
            {
                stats.Latency.AddTo(total);
            }
        }

        return total;
    }

    private int SecondOf(long timestamp) => (int)Stopwatch.GetElapsedTime(runStartTimestamp, timestamp).TotalSeconds;

    private double TargetRateAt(int second)
    {
        var at = runStartTimestamp + (second * Stopwatch.Frequency);
        var step = _steps.LastOrDefault(s => s.Started != 0 && s.Started <= at);
        return step is null || step.Step.IsClosed ? 0 : step.Step.Rate * iterationsPerRateUnit;
    }

    private sealed class StepStats(LoadStep step)
    {
        public LoadStep Step { get; } = step;
        public readonly LatencyHistogram Latency = new();
        public readonly ConcurrentDictionary<string, KindStats> Kinds = new(StringComparer.Ordinal);
        public long Ok;
        public long Errors;
        public long Rejected;
        public long Iterations;
        public long Events;
        public long EventsOffered;
        public long OfferedAfterEnd;
        public long Batches;
        public long LateEvents;
        public readonly ConcurrentDictionary<string, long> NotApplied = new(StringComparer.Ordinal);
        public readonly ConcurrentDictionary<string, long> StatusCodes = new(StringComparer.Ordinal);
        public long Started;
        public long Ended;
        public long LastCompleted;

        public void Completed(long timestamp) => AtomicExtreme.Raise(ref LastCompleted, timestamp);

        /// <summary>Events due after the step ended (the last step's lifecycles' later stages): offered, but not within its duration.</summary>
        public void CountIfAfterEnd(long intendedTimestamp, long events)
        {
            var ended = Interlocked.Read(ref Ended);
            if (ended != 0 && intendedTimestamp > ended)
            {
                Interlocked.Add(ref OfferedAfterEnd, events);
            }
        }
    }

    private sealed class KindStats
    {
        public readonly LatencyHistogram Latency = new();
        public long Errors;
    }

    private sealed class SecondStats
    {
        public readonly LatencyHistogram Latency = new();
        public long Errors;
        public long Rejected;
        public long Iterations;
    }
}
