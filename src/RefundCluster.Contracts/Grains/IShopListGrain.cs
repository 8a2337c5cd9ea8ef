using System.Collections.Immutable;
using RefundCluster.Contracts.Lists;

using RefundCluster.Domain.Refunds;

namespace RefundCluster.Contracts.Grains;

/// <summary>
/// One shop's lists of refunds and orders (key: the shop id), answered from an index built from the change log's latest
/// change of each entity and brought up to date from the log before every answer: no entity grain is activated.
/// </summary>
[Alias("RefundCluster.IShopListGrain")]
public interface IShopListGrain : IGrainWithStringKey
{
    /// <summary>A page of the shop's refunds (the query's cursor was checked by <see cref="ListPosition.TryParse"/>).</summary>
    [Alias("refunds")]
    Task<RefundPage> Refunds(RefundListQuery query);

    /// <summary>How many of the shop's refunds are in each status now (statuses with none are left out).</summary>
    [Alias("refund_counts")]
    Task<ImmutableDictionary<RefundStatus, int>> RefundCounts();

    /// <summary>A page of the shop's orders (the query's cursor was checked by <see cref="ListPosition.TryParse"/>).</summary>
    [Alias("orders")]
    Task<OrderPage> Orders(OrderListQuery query);
}
