using RefundCluster.Contracts.Metrics;

namespace RefundCluster.Grains.Metrics;

/// <summary>A shop's aggregator as its facts stream's consumer sees it.</summary>
public interface IShopFactsSink : IGrainWithStringKey
{
    Task Apply(ShopFactsChanged facts);
}
