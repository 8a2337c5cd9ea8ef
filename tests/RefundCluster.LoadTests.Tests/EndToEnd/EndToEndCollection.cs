namespace RefundCluster.LoadTests.Tests.EndToEnd;

/// <summary>
/// The runs against real clusters measure latency and check thresholds: they run one at a time and alone, or one
/// run's load (the PostgreSQL upsert ceiling saturates both cores for seconds) shows up as another's latency.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end runs";
}
