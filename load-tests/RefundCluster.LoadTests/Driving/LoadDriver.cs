using System.Diagnostics;
using RefundCluster.LoadTests.Measuring;
using RefundCluster.LoadTests.Profiles;
using RefundCluster.LoadTests.Scenarios;
using RefundCluster.LoadTests.Targets;
using RefundCluster.Performance.Pacing;

namespace RefundCluster.LoadTests.Driving;

/// <summary>
/// Runs the steps in order. Open steps start iterations on schedule from a dedicated pacing thread (<see cref="Pacer"/>),
/// whatever is still in flight, up to <see cref="MaxInFlight"/>: beyond that an iteration is counted as an error of
/// kind <c>driver.overflow</c> rather than silently delayed. Closed steps run that many workers back to back.
/// </summary>
public sealed class LoadDriver(IScenario scenario, ITarget target, IReadOnlyList<LoadStep> steps)
{
    private long _inFlight;

    public int MaxInFlight { get; init; } = 20_000;

    /// <summary>Above 0: events go to <c>POST /v1/events/batch</c> in batches of up to this many (<see cref="EventBatcher"/>).</summary>
    public int Batch { get; init; }

    /// <summary>How long a batch that is not full waits for more events after its oldest fell due.</summary>
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Awaited at each step's start and end (index, true at the start): resource snapshots.</summary>
    public Func<int, bool, Task>? OnStepBoundary { get; init; }

    /// <summary>Called about once a second with the current step, for the live console.</summary>
    public Action<int, RunRecorder>? OnTick { get; init; }

    /// <summary>Asked after each step whether to go on (stop at the first breached threshold when finding the knee).</summary>
    public Func<int, RunRecorder, bool>? ContinueAfter { get; init; }

    /// <summary>What the run has measured so far (null before it started): read by the health samples while it goes on.</summary>
    public RunRecorder? Recorder { get; private set; }

    public async Task<RunRecorder> Run(CancellationToken cancellationToken)
    {
        var recorder = new RunRecorder(steps, Stopwatch.GetTimestamp(), scenario.IterationsPerRateUnit);
        Recorder = recorder;
        await using var batcher = Batch > 0 ? new EventBatcher(target, recorder, Batch, BatchWindow) : null;
        _batcher = batcher;
        var iteration = 0L;
        var pending = new List<Task>();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var index = i;
            if (OnStepBoundary is not null)
            {
                await OnStepBoundary(i, true);
            }

            recorder.StepStarted(i, Stopwatch.GetTimestamp());
            using var ticker = new Timer(_ => OnTick?.Invoke(index, recorder), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            if (step.IsClosed)
            {
                await RunClosed(step, index, recorder, () => Interlocked.Increment(ref iteration) - 1, cancellationToken);
            }
            else
            {
                pending.AddRange(await RunOpen(step, index, recorder, () => Interlocked.Increment(ref iteration) - 1, cancellationToken));
            }

            recorder.StepEnded(i, Stopwatch.GetTimestamp());
            if (OnStepBoundary is not null)
            {
                await OnStepBoundary(i, false);
            }

            if (ContinueAfter?.Invoke(i, recorder) == false)
            {
                break;
            }
        }

        await Task.WhenAll(pending);
        return recorder;
    }

    private EventBatcher? _batcher;

    private Iteration NewIteration(RunRecorder recorder, int step, long intended, CancellationToken cancellationToken) =>
        new(target, recorder, step, intended, cancellationToken) { Batcher = _batcher };

    private async Task<List<Task>> RunOpen(LoadStep step, int index, RunRecorder recorder, Func<long> next, CancellationToken cancellationToken)
    {
        var tasks = new List<Task>();
        void Start(long arrival, long intended)
        {
            if (Interlocked.Read(ref _inFlight) >= MaxInFlight)
            {
                recorder.Record(index, "driver.overflow", intended, Stopwatch.GetTimestamp(), Outcome.Error);
                return;
            }

            Interlocked.Increment(ref _inFlight);
            // A replay's iteration is its arrival (a recorded order): one lost to the overflow above shifts no other.
            var n = step.Arrivals is null ? next() : arrival;
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    await scenario.Run(n, NewIteration(recorder, index, intended, cancellationToken));
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    recorder.Record(index, "scenario.exception", intended, Stopwatch.GetTimestamp(), Outcome.Error);
                }
                finally
                {
                    recorder.IterationCompleted(index, Stopwatch.GetTimestamp());
                    Interlocked.Decrement(ref _inFlight);
                }
            }, CancellationToken.None));
        }

        // A replay starts its iterations at their recorded moments; a scenario whose rate is counted in events
        // (lifecycle) starts its iterations at the matching, lower rate.
        await (step.Arrivals is { } arrivals
            ? Pacer.Run(arrivals, step.Duration, Start, cancellationToken, $"pacer {step.Name}")
            : Pacer.Run(step.Rate * scenario.IterationsPerRateUnit, step.Duration, Start, cancellationToken, $"pacer {step.Name}"));
        return tasks; // only the pacing thread added to it, and it has finished
    }

    private async Task RunClosed(LoadStep step, int index, RunRecorder recorder, Func<long> next, CancellationToken cancellationToken)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(step.Duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, step.Concurrency).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < stopAt && !cancellationToken.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await scenario.Run(next(), NewIteration(recorder, index, start, cancellationToken));
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    recorder.Record(index, "scenario.exception", start, Stopwatch.GetTimestamp(), Outcome.Error);
                }

                recorder.IterationCompleted(index, Stopwatch.GetTimestamp());
            }
        }, CancellationToken.None)));
    }
}
