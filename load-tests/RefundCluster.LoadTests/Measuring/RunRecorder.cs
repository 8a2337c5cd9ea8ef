using System.Collections.Concurrent;
using System.Diagnostics;
using RefundCluster.LoadTests.Profiles;
using RefundCluster.LoadTests.Reporting;

namespace RefundCluster.LoadTests.Measuring;

/// <summary>
/// What the run measured: per step and per request kind, latency from each request's intended start and the outcome
/// counts; and per second of the run, throughput, errors and latency, for the charts.
/// </summary>
public sealed class RunRecorder(IReadOnlyList<LoadStep> steps, long runStartTimestamp)
{
    private readonly StepStats[] _steps = [.. steps.Select(s => new StepStats(s))];
    private readonly ConcurrentDictionary<int, SecondStats> _seconds = new();

    public long RunStartTimestamp => runStartTimestamp;

    public void StepStarted(int step, long timestamp) => _steps[step].Started = timestamp;

    public void StepEnded(int step, long timestamp) => _steps[step].Ended = timestamp;

    /// <param name="durableEvent">An event the cluster acknowledged counts as persisted (the API answers only after the write).</param>
    public void Record(int step, string kind, long intendedTimestamp, long completedTimestamp, Outcome outcome, bool durableEvent = false)
    {
        var stats = _steps[step];
        var kindStats = stats.Kinds.GetOrAdd(kind, _ => new KindStats());
        var second = _seconds.GetOrAdd(SecondOf(completedTimestamp), _ => new SecondStats());
        stats.Completed(completedTimestamp);
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

    /// <summary>An iteration that started in <paramref name="step"/> ended (whether its requests succeeded or not).</summary>
    public void IterationCompleted(int step, long completedTimestamp)
    {
        Interlocked.Increment(ref _steps[step].Iterations);
        _steps[step].Completed(completedTimestamp);
        Interlocked.Increment(ref _seconds.GetOrAdd(SecondOf(completedTimestamp), _ => new SecondStats()).Iterations);
    }

    /// <summary>Counts of the step so far, for the live console.</summary>
    public (long Ok, long Errors, long Rejected, double P99Ms) Progress(int step)
    {
        var stats = _steps[step];
        return (Interlocked.Read(ref stats.Ok), Interlocked.Read(ref stats.Errors), Interlocked.Read(ref stats.Rejected), stats.Latency.Ms(99));
    }

    /// <summary>The steps that ran (a run stopped at its knee leaves the rest out).</summary>
    public IReadOnlyList<StepReport> Steps() => [.. _steps.Where(s => s.Started != 0 || s.Ok + s.Errors + s.Rejected > 0).Select(s =>
    {
        var elapsed = s.Ended > s.Started ? Stopwatch.GetElapsedTime(s.Started, s.Ended) : s.Step.Duration;
        // Requests still answered after the step (a backlog) stretch the time its rate is taken over.
        var span = s.Started != 0 && s.LastCompleted > s.Started ? Stopwatch.GetElapsedTime(s.Started, s.LastCompleted) : elapsed;
        span = span > elapsed ? span : elapsed;
        return new StepReport(
            s.Step.Name, s.Step.Rate, (s.Ok + s.Errors + s.Rejected) / Math.Max(span.TotalSeconds, 1e-9), elapsed, s.Step.Warmup,
            s.Ok, s.Errors, s.Rejected, s.Latency.Summary(),
            [.. s.Kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => new KindLatency(k.Key, k.Value.Latency.Count + k.Value.Errors, k.Value.Errors, k.Value.Latency.Summary()))])
        {
            Iterations = s.Iterations,
            Events = s.Events,
            Span = span,
        };
    })];

    public IReadOnlyList<TimelinePoint> Timeline() => [.. _seconds.OrderBy(p => p.Key).Select(p =>
    {
        var targetRate = TargetRateAt(p.Key);
        return new TimelinePoint(p.Key, targetRate, p.Value.Latency.Count + p.Value.Errors + p.Value.Rejected, p.Value.Errors, p.Value.Rejected, p.Value.Latency.Ms(50), p.Value.Latency.Ms(99))
        {
            Iterations = p.Value.Iterations,
        };
    })];

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

    private int SecondOf(long timestamp) => (int)Stopwatch.GetElapsedTime(runStartTimestamp, timestamp).TotalSeconds;

    private double TargetRateAt(int second)
    {
        var at = runStartTimestamp + (second * Stopwatch.Frequency);
        var step = _steps.LastOrDefault(s => s.Started != 0 && s.Started <= at);
        return step is null || step.Step.IsClosed ? 0 : step.Step.Rate;
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
        public long Started;
        public long Ended;
        public long LastCompleted;

        public void Completed(long timestamp) => AtomicExtreme.Raise(ref LastCompleted, timestamp);
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
