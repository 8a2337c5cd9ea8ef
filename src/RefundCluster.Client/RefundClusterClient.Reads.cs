using System.Runtime.CompilerServices;
using RefundCluster.Contracts.Changes;
using RefundCluster.Contracts.Lists;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Client;

public sealed partial class RefundClusterClient
{
    /// <summary><c>GET /v1/orders/{orderId}</c>; null when there is no such order (or it is another shop's).</summary>
    public Task<OrderView?> GetOrder(string orderId, CancellationToken cancel = default) =>
        Get<OrderView>($"v1/orders/{Uri.EscapeDataString(orderId)}", nullWhenNotFound: true, cancel);

    /// <summary><c>GET /v1/refunds/{refundId}</c>; null when there is no such refund (or it is another shop's).</summary>
    public Task<RefundView?> GetRefund(string refundId, CancellationToken cancel = default) =>
        Get<RefundView>($"v1/refunds/{Uri.EscapeDataString(refundId)}", nullWhenNotFound: true, cancel);

    /// <summary><c>GET /v1/shops/{shopId}/policy</c> (operators): the platform defaults until the shop's policy is changed.</summary>
    public async Task<ShopPolicyView> GetShopPolicy(string shopId, CancellationToken cancel = default) =>
        (await Get<ShopPolicyView>($"v1/shops/{Uri.EscapeDataString(shopId)}/policy", nullWhenNotFound: false, cancel).ConfigureAwait(false))!;

    /// <summary>
    /// <c>GET /v1/shops/{shopId}/refunds</c>: one page of the shop's refunds, filtered, by time left or by last change;
    /// pass the previous page's <see cref="RefundPage.Next"/> as <paramref name="after"/> for the next.
    /// </summary>
    public async Task<RefundPage> ListRefunds(
        string shopId, RefundStatus? status = null, RefundKind? kind = null, RefundReason? reason = null, DateTimeOffset? modifiedSince = null,
        ListSort sort = ListSort.Deadline, string? after = null, int? limit = null, CancellationToken cancel = default) =>
        (await Get<RefundPage>(new QueryString($"v1/shops/{Uri.EscapeDataString(shopId)}/refunds")
            .Add("status", status is { } s ? WireNames.Of(s) : null)
            .Add("kind", kind is { } k ? WireNames.Of(k) : null)
            .Add("reason", reason is { } r ? WireNames.Of(r) : null)
            .Add("modifiedSince", modifiedSince is { } m ? WireNames.Of(m) : null)
            .Add("sort", WireNames.Of(sort))
            .Add("after", after)
            .Add("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToString(), nullWhenNotFound: false, cancel).ConfigureAwait(false))!;

    /// <summary><c>GET /v1/shops/{shopId}/orders</c>: one page of the shop's orders (see <see cref="ListRefunds"/>).</summary>
    public async Task<OrderPage> ListOrders(
        string shopId, OrderStatus? status = null, DateTimeOffset? modifiedSince = null, ListSort sort = ListSort.Deadline,
        string? after = null, int? limit = null, CancellationToken cancel = default) =>
        (await Get<OrderPage>(new QueryString($"v1/shops/{Uri.EscapeDataString(shopId)}/orders")
            .Add("status", status is { } s ? WireNames.Of(s) : null)
            .Add("modifiedSince", modifiedSince is { } m ? WireNames.Of(m) : null)
            .Add("sort", WireNames.Of(sort))
            .Add("after", after)
            .Add("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToString(), nullWhenNotFound: false, cancel).ConfigureAwait(false))!;

    /// <summary>Every refund <see cref="ListRefunds"/> finds, page after page, until a page has no next.</summary>
    public async IAsyncEnumerable<RefundSummary> AllRefunds(
        string shopId, RefundStatus? status = null, RefundKind? kind = null, RefundReason? reason = null, DateTimeOffset? modifiedSince = null,
        ListSort sort = ListSort.Deadline, int? pageSize = null, [EnumeratorCancellation] CancellationToken cancel = default)
    {
        string? after = null;
        do
        {
            var page = await ListRefunds(shopId, status, kind, reason, modifiedSince, sort, after, pageSize, cancel).ConfigureAwait(false);
            foreach (var refund in page.Refunds)
            {
                yield return refund;
            }

            after = page.Next;
        }
        while (after is not null);
    }

    /// <summary>Every order <see cref="ListOrders"/> finds, page after page, until a page has no next.</summary>
    public async IAsyncEnumerable<OrderSummary> AllOrders(
        string shopId, OrderStatus? status = null, DateTimeOffset? modifiedSince = null, ListSort sort = ListSort.Deadline,
        int? pageSize = null, [EnumeratorCancellation] CancellationToken cancel = default)
    {
        string? after = null;
        do
        {
            var page = await ListOrders(shopId, status, modifiedSince, sort, after, pageSize, cancel).ConfigureAwait(false);
            foreach (var order in page.Orders)
            {
                yield return order;
            }

            after = page.Next;
        }
        while (after is not null);
    }
}
