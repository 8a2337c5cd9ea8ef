namespace RefundCluster.Contracts.Metrics;

/// <summary>Where order and refund transitions are published: one stream per shop, read by that shop's aggregator.</summary>
public static class ShopStreams
{
    public const string ProviderName = "shop-events";
    public const string Namespace = "shop";
}
