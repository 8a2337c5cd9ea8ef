namespace RefundCluster.Grains;

/// <summary>Names of the grain storage providers the silo must register.</summary>
public static class StorageNames
{
    public const string Entities = "entities";

    /// <summary>The state names of order and refund grains (a storage provider may list a shop's entities by them).</summary>
    public const string OrderState = "order";

    public const string RefundState = "refund";
}
