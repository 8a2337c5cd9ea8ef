namespace RefundCluster.Durable.Tests.Support;

/// <summary>
/// One collection for every durable test: each starts silo processes against PostgreSQL, and running them one after
/// the other keeps a 2-core machine from starving membership probes.
/// </summary>
public static class DurableCollection
{
    public const string Name = "durable";
}
