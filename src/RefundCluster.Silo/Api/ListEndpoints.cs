using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Options;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Lists;
using RefundCluster.Domain.Common;
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
                string? format, IGrainFactory grains, HttpContext context) =>
            {
                var p = new Parameters(shopId, sort, ListSort.Deadline, after, limit, modifiedSince, format, context);
                var query = new RefundListQuery(
                    p.Enums<RefundStatus>("status", status), p.Enums<RefundKind>("kind", kind), p.Enums<RefundReason>("reason", reason),
                    p.Since, p.Sort, after, p.Limit);
                var list = grains.GetGrain<IShopListGrain>(shopId);
                return p.Problem ?? (p.Csv
                    ? await Export(context, "refunds", shopId, after, async cursor =>
                    {
                        var page = await list.Refunds(query with { After = cursor, Limit = MaxLimit });
                        return (page.Refunds, page.Next, page.HasMore);
                    })
                    : Results.Ok(await list.Refunds(query)));
            })
            .WithName("ListShopRefunds").WithQueryEnum("sort", nameof(ListSort), WireEnum<ListSort>.Names)
            .WithSummary("A shop's refunds, a page at a time: filter by status, kind, first reason (each comma-separated) and modifiedSince; sort=deadline (time left, default) or modified (oldest change first); after = the previous page's next. format=csv: the whole filtered list as a CSV file (up to 50,000 rows; header X-Export-Next says where to go on).")
            .Produces<RefundPage>().Produces<string>(200, "text/csv").ProducesProblem(400).ProducesProblem(404)
            .RequireAuthorization(AccessPolicies.ShopReader);

        app.MapGet("/v1/shops/{shopId}/refunds/counts", async (string shopId, IGrainFactory grains, HttpContext context) =>
            {
                var p = new Parameters(shopId, null, ListSort.Deadline, null, null, null, null, context);
                if (p.Problem is { } refused)
                {
                    return refused;
                }

                var counts = await grains.GetGrain<IShopListGrain>(shopId).RefundCounts();
                var statuses = Enum.GetValues<RefundStatus>();
                var waiting = statuses.Where(s => RefundStatuses.WaitingOn(s) is not null).GroupBy(s => RefundStatuses.WaitingOn(s)!.Value)
                    .ToDictionary(g => WireEnum<Actor>.Name(g.Key), g => new WaitingCountDocument(g.Sum(s => counts.GetValueOrDefault(s)), [.. g.Select(WireEnum<RefundStatus>.Name)]));
                return Results.Ok(new RefundCountsDocument(shopId, statuses.ToDictionary(WireEnum<RefundStatus>.Name, s => counts.GetValueOrDefault(s)), waiting));
            })
            .WithName("CountShopRefunds")
            .WithSummary("How many of the shop's refunds are in each status now (every status, zeros included): the workbench's to-do counters.")
            .Produces<RefundCountsDocument>().ProducesProblem(400).ProducesProblem(404)
            .RequireAuthorization(AccessPolicies.ShopReader);

        app.MapGet("/v1/shops/{shopId}/orders", async (
                string shopId, string? status, string? modifiedSince, string? sort, string? after, int? limit, string? format,
                IGrainFactory grains, HttpContext context) =>
            {
                var p = new Parameters(shopId, sort, ListSort.Modified, after, limit, modifiedSince, format, context);
                var query = new OrderListQuery(p.Enums<OrderStatus>("status", status), p.Since, p.Sort, after, p.Limit);
                var list = grains.GetGrain<IShopListGrain>(shopId);
                return p.Problem ?? (p.Csv
                    ? await Export(context, "orders", shopId, after, async cursor =>
                    {
                        var page = await list.Orders(query with { After = cursor, Limit = MaxLimit });
                        return (page.Orders, page.Next, page.HasMore);
                    })
                    : Results.Ok(await list.Orders(query)));
            })
            .WithName("ListShopOrders").WithQueryEnum("sort", nameof(ListSort), WireEnum<ListSort>.Names)
            .WithSummary("A shop's orders, a page at a time: filter by status (comma-separated) and modifiedSince; sort=modified (oldest change first, default) or deadline; after = the previous page's next. format=csv: the whole filtered list as a CSV file (up to 50,000 rows; header X-Export-Next says where to go on).")
            .Produces<OrderPage>().Produces<string>(200, "text/csv").ProducesProblem(400).ProducesProblem(404)
            .RequireAuthorization(AccessPolicies.ShopReader);
    }

    /// <summary>
    /// The whole filtered list from <paramref name="after"/> on, page by page, as one CSV file; stops at
    /// <see cref="CsvExport.MaxRows"/> and then names the cursor to go on from (<see cref="CsvExport.NextHeader"/>).
    /// </summary>
    private static async Task<IResult> Export<T>(
        HttpContext context, string list, string shopId, string? after, Func<string?, Task<(ImmutableArray<T> Items, string? Next, bool HasMore)>> page)
    {
        var rows = new List<T>();
        var cursor = after;
        while (true)
        {
            var (items, next, hasMore) = await page(cursor);
            rows.AddRange(items);
            cursor = next;
            if (!hasMore || rows.Count >= CsvExport.MaxRows)
            {
                if (hasMore && next is not null)
                {
                    context.Response.Headers[CsvExport.NextHeader] = next;
                }

                break;
            }
        }

        var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{CsvExport.FileName(list, shopId)}\"";
        return Results.Text(CsvExport.Render(rows, json), "text/csv; charset=utf-8");
    }

    /// <summary>The parameters both lists share, checked in order; <see cref="Problem"/> is the first refusal.</summary>
    private sealed class Parameters
    {
        private readonly HttpContext _context;

        public Parameters(string shopId, string? sort, ListSort defaultSort, string? after, int? limit, string? modifiedSince, string? format, HttpContext context)
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

            if (format is not null and not "json" and not "csv")
            {
                Refuse("'format' is json (a page, the default) or csv (the whole list as a file).");
            }

            Csv = format == "csv";
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

        /// <summary>The whole list as a CSV file, not a page (<c>limit</c> does not apply).</summary>
        public bool Csv { get; }

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
