using System.Globalization;
using System.Runtime.CompilerServices;
using RefundCluster.Contracts;
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

    /// <summary><c>GET /v1/shops/{shopId}/policy</c> (operators; a shop service for its own shop): the platform defaults until the shop's policy is changed.</summary>
    public async Task<ShopPolicyView> GetShopPolicy(string shopId, CancellationToken cancel = default) =>
        (await Get<ShopPolicyView>($"v1/shops/{Uri.EscapeDataString(shopId)}/policy", nullWhenNotFound: false, cancel).ConfigureAwait(false))!;

    /// <summary>
    /// <c>GET /v1/shops/{shopId}/refunds</c>: one page of the shop's refunds in any of the statuses, kinds and first
    /// reasons given (none: all), changed since <paramref name="modifiedSince"/>, by time left (the default) or by last
    /// change; pass the previous page's <see cref="RefundPage.Next"/> as <paramref name="after"/> for the next.
    /// </summary>
    public async Task<RefundPage> ListRefunds(
        string shopId, IReadOnlyCollection<RefundStatus>? status = null, IReadOnlyCollection<RefundKind>? kind = null,
        IReadOnlyCollection<RefundReason>? reason = null, DateTimeOffset? modifiedSince = null, ListSort? sort = null, string? after = null,
        int? limit = null, CancellationToken cancel = default) =>
        (await Get<RefundPage>(new QueryString($"v1/shops/{Uri.EscapeDataString(shopId)}/refunds")
            .Add("status", Names(status))
            .Add("kind", Names(kind))
            .Add("reason", Names(reason))
            .Add("modifiedSince", modifiedSince?.ToString("O", CultureInfo.InvariantCulture))
            .Add("sort", sort is { } s ? WireEnum<ListSort>.Name(s) : null)
            .Add("after", after)
            .Add("limit", limit?.ToString(CultureInfo.InvariantCulture))
            .ToString(), nullWhenNotFound: false, cancel).ConfigureAwait(false))!;

    /// <summary>
    /// <c>GET /v1/shops/{shopId}/orders</c>: one page of the shop's orders in any of the statuses given, by last change
    /// (the default) or by time left (see <see cref="ListRefunds"/>).
    /// </summary>
    public async Task<OrderPage> ListOrders(
        string shopId, IReadOnlyCollection<OrderStatus>? status = null, DateTimeOffset? modifiedSince = null, ListSort? sort = null,
        string? after = null, int? limit = null, CancellationToken cancel = default) =>
        (await Get<OrderPage>(new QueryString($"v1/shops/{Uri.EscapeDataString(shopId)}/orders")
            .Add("status", Names(status))
            .Add("modifiedSince", modifiedSince?.ToString("O", CultureInfo.InvariantCulture))
            .Add("sort", sort is { } s ? WireEnum<ListSort>.Name(s) : null)
            .Add("after", after)
            .Add("limit", limit?.ToString(CultureInfo.InvariantCulture))
            .ToString(), nullWhenNotFound: false, cancel).ConfigureAwait(false))!;

    /// <summary>Every refund <see cref="ListRefunds"/> finds, page after page, while the list goes on.</summary>
    public async IAsyncEnumerable<RefundSummary> AllRefunds(
        string shopId, IReadOnlyCollection<RefundStatus>? status = null, IReadOnlyCollection<RefundKind>? kind = null,
        IReadOnlyCollection<RefundReason>? reason = null, DateTimeOffset? modifiedSince = null, ListSort? sort = null, int? pageSize = null,
        [EnumeratorCancellation] CancellationToken cancel = default)
    {
        string? after = null;
        RefundPage page;
        do
        {
            page = await ListRefunds(shopId, status, kind, reason, modifiedSince, sort, after, pageSize, cancel).ConfigureAwait(false);
            foreach (var refund in page.Refunds)
            {
                yield return refund;
            }

            after = page.Next ?? after;
        }
        while (page.HasMore && !page.Refunds.IsDefaultOrEmpty);
    }

    /// <summary>Every order <see cref="ListOrders"/> finds, page after page, while the list goes on.</summary>
    public async IAsyncEnumerable<OrderSummary> AllOrders(
        string shopId, IReadOnlyCollection<OrderStatus>? status = null, DateTimeOffset? modifiedSince = null, ListSort? sort = null,
        int? pageSize = null, [EnumeratorCancellation] CancellationToken cancel = default)
    {
        string? after = null;
        OrderPage page;
        do
        {
            page = await ListOrders(shopId, status, modifiedSince, sort, after, pageSize, cancel).ConfigureAwait(false);
            foreach (var order in page.Orders)
            {
                yield return order;
            }

            after = page.Next ?? after;
        }
        while (page.HasMore && !page.Orders.IsDefaultOrEmpty);
    }

    /// <summary>A comma-separated list of wire names (null: no filter).</summary>
    private static string? Names<T>(IReadOnlyCollection<T>? values) where T : struct, Enum =>
        values is null || values.Count == 0 ? null : string.Join(',', values.Select(WireEnum<T>.Name));
}
