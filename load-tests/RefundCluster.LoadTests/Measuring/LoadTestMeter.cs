using System.Diagnostics.Metrics;

namespace RefundCluster.LoadTests.Measuring;

/// <summary>
/// The driver's own figures as they happen, for a Prometheus scrape beside the cluster's series (<c>--metrics-port</c>,
/// <see cref="PrometheusEndpoint"/>): requests by kind and outcome, latency from each request's (or batched event's) intended
/// start, events offered and applied, and the step's target rate. The Grafana dashboard's "Load test" row reads them.
/// </summary>
public static class LoadTestMeter
{
    public const string Name = "RefundCluster.LoadTests";

    private static readonly Meter Meter = new(Name);
    private static double _targetRate;

    public static readonly Counter<long> Requests =
        Meter.CreateCounter<long>("loadtest.requests", "{request}", "Requests answered, by kind and outcome (ok, rejected, error).");

    public static readonly Histogram<double> Latency = Meter.CreateHistogram(
        "loadtest.latency", "ms", "From a request's (or a batched event's) intended start to its answer, by kind: what a client waited.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000] });

    public static readonly Counter<long> EventsOffered =
        Meter.CreateCounter<long>("loadtest.events.offered", "{event}", "Events sent to the cluster.");

    public static readonly Counter<long> EventsApplied =
        Meter.CreateCounter<long>("loadtest.events.applied", "{event}", "Events the cluster acknowledged (accepted or duplicate): persisted before the answer.");

    static LoadTestMeter() =>
        Meter.CreateObservableGauge("loadtest.target_rate", () => Volatile.Read(ref _targetRate), "{iteration}",
            "The current step's target rate, in the scenario's unit (iterations or, for lifecycle, events) per second.");

    public static void StepStarted(double targetRate) => Volatile.Write(ref _targetRate, targetRate);

    public static KeyValuePair<string, object?> Kind(string kind) => new("kind", kind);
}
