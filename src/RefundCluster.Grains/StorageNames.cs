namespace RefundCluster.Grains;

/// <summary>Names of the grain storage providers the silo must register.</summary>
public static class StorageNames
{
    public const string Entities = "entities";

    /// <summary>The state name of order grains, which hold their refunds (a storage provider may list a shop's orders by it).</summary>
    public const string OrderState = "order";
}
