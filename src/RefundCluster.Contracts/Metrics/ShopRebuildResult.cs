namespace RefundCluster.Contracts.Metrics;

/// <summary>What a rebuild read and how many facts the stream had not (yet) delivered.</summary>
[GenerateSerializer, Immutable, Alias("shop.rebuild_result")]
public sealed record ShopRebuildResult(
    [property: Id(0)] int RefundsRead,
    [property: Id(1)] int OrdersRead,
    [property: Id(2)] int Corrections);
