namespace RefundCluster.LoadTests.Measuring;

/// <summary>
/// The target silo's health at one moment of a run, read from its <c>/metrics</c>, with the driver's latency over the
/// interval that ended then. A figure the target does not export is null.
/// </summary>
/// <param name="At">Time since the run started.</param>
/// <param name="P99Ms">p99 of the requests answered in the interval since the previous sample (null: none answered).</param>
public sealed record HealthSample(
    TimeSpan At,
    double? WorkingSetMb,
    double? GcHeapMb,
    long? Gen2Collections,
    long? Activations,
    long? ThreadPoolQueue,
    long? Connections,
    double? P99Ms,
    long Requests)
{
    /// <summary>Reads the figures from a scrape of the target's <c>/metrics</c> (the .NET runtime, Orleans and Kestrel meters).</summary>
    public static HealthSample Of(TimeSpan at, PrometheusText metrics, double? p99Ms, long requests) => new(
        at,
        metrics.Sum("dotnet_process_memory_working_set_bytes") / (1024 * 1024),
        metrics.Sum("dotnet_gc_last_collection_heap_size_bytes") / (1024 * 1024),
        (long?)metrics.Sum("dotnet_gc_collections_total", "gc_heap_generation=\"gen2\""),
        (long?)metrics.Sum("orleans_catalog_activations"),
        (long?)metrics.Sum("dotnet_thread_pool_queue_length_total"),
        (long?)metrics.Sum("kestrel_active_connections"),
        p99Ms,
        requests);
}
