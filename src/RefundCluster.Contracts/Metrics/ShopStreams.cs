namespace RefundCluster.Contracts.Metrics;

/// <summary>
/// Where order and refund transitions are published: a fixed set of facts streams, each carrying the facts of the
/// shops that hash to it; the stream's consumer hands each shop's facts to that shop's aggregator. One stream message
/// carries many shops' transitions, so the stream's cost (a queue write, a poll, a delivery) is shared by all of them.
/// </summary>
public static class ShopStreams
{
    public const string ProviderName = "shop-events";
    public const string Namespace = "shop-facts";

    /// <summary>The facts stream a shop's facts go to: a hash of the shop id that every silo computes alike (FNV-1a).</summary>
    public static int PartitionOf(string shopId, int partitions)
    {
        var hash = 2166136261u;
        foreach (var c in shopId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)partitions);
    }
}
