using RefundCluster.LoadTests.Measuring;

namespace RefundCluster.LoadTests.Tests.Measuring;

public sealed class PrometheusTextTests
{
    private const string Scrape = """
        # HELP dotnet_gc_collections_total Collections
        # TYPE dotnet_gc_collections_total counter
        dotnet_gc_collections_total{otel_scope_name="System.Runtime",gc_heap_generation="gen2"} 10
        dotnet_gc_collections_total{otel_scope_name="System.Runtime",gc_heap_generation="gen0"} 2 1733550000000
        dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="gen0"} 1048576
        dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="loh"} 2097152
        dotnet_process_memory_working_set_bytes 3.145728e+08
        orleans_catalog_activations{grain_type="order"} 40
        orleans_catalog_activations{grain_type="sys.svc.catalog"} 1
        kestrel_active_connections{server_address="127.0.0.1",label_with_brace="a}b"} 3
        """;

    [Fact]
    public void Families_are_summed_over_their_series_or_over_those_with_a_label()
    {
        var metrics = PrometheusText.Parse(Scrape);

        Assert.Equal(12, metrics.Sum("dotnet_gc_collections_total"));
        Assert.Equal(10, metrics.Sum("dotnet_gc_collections_total", "gc_heap_generation=\"gen2\""));
        Assert.Equal(3 * 1048576, metrics.Sum("dotnet_gc_last_collection_heap_size_bytes"));
        Assert.Equal(314572800, metrics.Sum("dotnet_process_memory_working_set_bytes"));
        Assert.Equal(41, metrics.Sum("orleans_catalog_activations"));
        Assert.Equal(3, metrics.Sum("kestrel_active_connections"));
        Assert.Null(metrics.Sum("not_exported"));
    }

    [Fact]
    public void A_sample_reads_the_runtime_orleans_and_kestrel_figures_in_megabytes_and_counts()
    {
        var sample = HealthSample.Of(TimeSpan.FromMinutes(1), PrometheusText.Parse(Scrape), 12.5, 100);

        Assert.Equal(300, sample.WorkingSetMb);
        Assert.Equal(3, sample.GcHeapMb);
        Assert.Equal(10, sample.Gen2Collections);
        Assert.Equal(41, sample.Activations);
        Assert.Null(sample.ThreadPoolQueue);
        Assert.Equal(3, sample.Connections);
    }
}
