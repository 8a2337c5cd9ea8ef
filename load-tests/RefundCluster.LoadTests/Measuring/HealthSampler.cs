using System.Diagnostics;
using RefundCluster.LoadTests.Targets;
using RefundCluster.Performance.Measuring;

namespace RefundCluster.LoadTests.Measuring;

/// <summary>
/// Reads the target's <c>/metrics</c> every <c>--health-every</c> while the run goes on (the soak's figures): working
/// set, GC heap, gen2 collections, activations, thread-pool queue, open connections, and the driver's p99 over the
/// interval. A scrape that fails (no operator role, a remote target without the meters) leaves a sample with no figures
/// and a note.
/// </summary>
public sealed class HealthSampler(ITarget target, TimeSpan every, Func<RunRecorder?> recorder)
{
    private readonly List<HealthSample> _samples = [];

    /// <summary>Why the last scrape gave nothing (null: it worked).</summary>
    public string? Problem { get; private set; }

    public IReadOnlyList<HealthSample> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    /// <summary>Samples until cancelled; the first one at once (the baseline), then every <c>every</c>.</summary>
    public async Task Run(long runStartTimestamp, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(every);
        var previous = TimeSpan.Zero;
        do
        {
            var at = Stopwatch.GetElapsedTime(runStartTimestamp);
            try
            {
                await Sample(previous, at, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return; // stopped mid-scrape: the caller takes the closing sample
            }

            previous = at;
        }
        while (await Tick(timer, cancellationToken));
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>One sample now: the scrape, and the driver's latency between <paramref name="from"/> and <paramref name="at"/>.</summary>
    public async Task Sample(TimeSpan from, TimeSpan at, CancellationToken cancellationToken)
    {
        var (latency, answers) = recorder()?.Between(from, at) ?? (new LatencyHistogram(), 0);
        var p99 = latency.Count > 0 ? latency.PercentileMs(99) : (double?)null;
        PrometheusText metrics;
        try
        {
            var response = await target.Send(HttpMethod.Get, "metrics", null, cancellationToken);
            Problem = response.IsSuccess ? null : $"GET /metrics answered {response.Status} (the key needs the operator role)";
            metrics = PrometheusText.Parse(response.IsSuccess ? response.Body ?? "" : "");
        }
        catch (Exception e) when (e is HttpRequestException or NotSupportedException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Problem = $"GET /metrics failed: {e.Message}";
            metrics = PrometheusText.Parse("");
        }

        lock (_samples)
        {
            _samples.Add(HealthSample.Of(at, metrics, p99, answers));
        }
    }
}
