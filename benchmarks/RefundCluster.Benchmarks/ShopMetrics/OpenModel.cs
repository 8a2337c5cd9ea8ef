using System.Diagnostics;
using RefundCluster.Performance.Measuring;
using RefundCluster.Performance.Pacing;

namespace RefundCluster.Benchmarks.ShopMetrics;

/// <summary>
/// A constant arrival rate: call i is due at start + i/rate whether or not earlier calls finished, and its latency is
/// measured from that intended start (no coordinated omission: a stall shows up in every call it delayed). The
/// arrivals are paced by the load-test tool's <see cref="Pacer"/>.
/// </summary>
public static class OpenModel
{
    /// <param name="Latency">From each call's intended start: what a client on schedule would see.</param>
    /// <param name="Service">From the moment the call was actually made: the system's own share.</param>
    public sealed record Result(LatencyHistogram Latency, LatencyHistogram Service, long Errors, double Achieved)
    {
        public string Describe() =>
            $"{Latency.Count:N0} ok ({Achieved:N0}/s), errors {Errors}; latency from intended start ms p50 {Latency.PercentileMs(50):N2} p99 {Latency.PercentileMs(99):N2} p99.9 {Latency.PercentileMs(99.9):N2} max {Latency.MaxMs:N2}; service time ms p50 {Service.PercentileMs(50):N2} p99 {Service.PercentileMs(99):N2} max {Service.MaxMs:N2}";
    }

    public static async Task<Result> Run(int rate, int seconds, Func<long, Task<bool>> call)
    {
        var latency = new LatencyHistogram();
        var service = new LatencyHistogram();
        var errors = 0L;
        var start = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>(capacity: (int)Math.Min((long)rate * seconds, 1_000_000));
        await Pacer.Run(rate, TimeSpan.FromSeconds(seconds), (n, intended) => inFlight.Add(Task.Run(async () =>
        {
            var sent = Stopwatch.GetTimestamp();
            try
            {
                if (await call(n))
                {
                    latency.RecordSince(intended);
                    service.RecordSince(sent);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
            catch (Exception)
            {
                Interlocked.Increment(ref errors);
            }
        })), CancellationToken.None, "open-model pacer");
        await Task.WhenAll(inFlight);
        return new Result(latency, service, errors, latency.Count / Stopwatch.GetElapsedTime(start).TotalSeconds);
    }
}
