using System.Collections.Immutable;
using System.Globalization;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Lists;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Refunds;
using RefundCluster.Silo.Security;

namespace RefundCluster.Silo.Api;

/// <summary>
/// What a shop works through: its refunds and orders by status, kind, first reason and last change, sorted by time
/// left or by last change, a page at a time (cursor-paged, stable under concurrent writes), answered by the shop's
/// list grain from the change log, never by activating the entities.
/// </summary>
public static class ListEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static void MapListEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/shops/{shopId}/refunds", async (
                string shopId, string? status, string? kind, string? reason, string? modifiedSince, string? sort, string? after, int? limit,
                IGrainFactory grains, HttpContext context) =>
            {
                var p = new Parameters(shopId, sort, ListSort.Deadline, after, limit, modifiedSince, context);
                var query = new RefundListQuery(
                    p.Enums<RefundStatus>("status", status), p.Enums<RefundKind>("kind", kind), p.Enums<RefundReason>("reason", reason),
                    p.Since, p.Sort, after, p.Limit);
                return p.Problem ?? Results.Ok(await grains.GetGrain<IShopListGrain>(shopId).Refunds(query));
            })
            .WithName("ListShopRefunds")
            .WithSummary("A shop's refunds, a page at a time: filter by status, kind, first reason (each comma-separated) and modifiedSince; sort=deadline (time left, default) or modified (oldest change first); after = the previous page's next.")
            .Produces<RefundPage>().ProducesProblem(400).ProducesProblem(404)
            .RequireAuthorization(AccessPolicies.ShopReader);

        app.MapGet("/v1/shops/{shopId}/orders", async (
                string shopId, string? status, string? modifiedSince, string? sort, string? after, int? limit, IGrainFactory grains, HttpContext context) =>
            {
                var p = new Parameters(shopId, sort, ListSort.Modified, after, limit, modifiedSince, context);
                var query = new OrderListQuery(p.Enums<OrderStatus>("status", status), p.Since, p.Sort, after, p.Limit);
                return p.Problem ?? Results.Ok(await grains.GetGrain<IShopListGrain>(shopId).Orders(query));
            })
            .WithName("ListShopOrders")
            .WithSummary("A shop's orders, a page at a time: filter by status (comma-separated) and modifiedSince; sort=modified (oldest change first, default) or deadline; after = the previous page's next.")
            .Produces<OrderPage>().ProducesProblem(400).ProducesProblem(404)
            .RequireAuthorization(AccessPolicies.ShopReader);
    }

    /// <summary>The parameters both lists share, checked in order; <see cref="Problem"/> is the first refusal.</summary>
    private sealed class Parameters
    {
        private readonly HttpContext _context;

        public Parameters(string shopId, string? sort, ListSort defaultSort, string? after, int? limit, string? modifiedSince, HttpContext context)
        {
            _context = context;
            if (!EventParser.IsValidId(shopId))
            {
                Problem = Problems.ToResult(ApiErrors.InvalidId("shopId"), context);
            }
            else if (!context.Credential().MayRead(shopId))
            {
                Problem = Problems.ToResult(AuthErrors.ShopUnknown(shopId), context);
            }

            Sort = defaultSort;
            if (sort is not null)
            {
                if (WireEnum<ListSort>.TryParse(sort, out var parsedSort))
                {
                    Sort = parsedSort;
                }
                else
                {
                    Refuse($"'sort' is {string.Join(" or ", WireEnum<ListSort>.Names)}.");
                }
            }

            if (after is not null && !ListPosition.TryParse(after, Sort, out _))
            {
                Refuse($"'after' must be the 'next' of a previous page of this list sorted by {WireEnum<ListSort>.Name(Sort)}.");
            }

            Limit = limit ?? DefaultLimit;
            if (Limit is < 1 or > MaxLimit)
            {
                Refuse($"'limit' must be 1–{MaxLimit}.");
            }

            if (modifiedSince is not null)
            {
                if (DateTimeOffset.TryParse(modifiedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
                {
                    Since = since;
                }
                else
                {
                    Refuse("'modifiedSince' must be an ISO 8601 time, such as 2026-11-11T00:00:00+08:00.");
                }
            }
        }

        public IResult? Problem { get; private set; }

        public ListSort Sort { get; }

        public int Limit { get; }

        public DateTimeOffset? Since { get; }

        /// <summary>A comma-separated list of an enum's wire names (empty: no filter).</summary>
        public ImmutableArray<T> Enums<T>(string name, string? text) where T : struct, Enum
        {
            if (text is null)
            {
                return [];
            }

            var values = ImmutableArray.CreateBuilder<T>();
            foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!WireEnum<T>.TryParse(part, out var value))
                {
                    Refuse($"'{name}' takes {string.Join(", ", WireEnum<T>.Names)}; '{(part.Length > 64 ? part[..64] : part)}' is none of them.");
                    return [];
                }

                values.Add(value);
            }

            return values.ToImmutable();
        }

        private void Refuse(string detail) => Problem ??= Problems.ToResult(ApiErrors.ListQueryInvalid(detail), _context);
    }
}
