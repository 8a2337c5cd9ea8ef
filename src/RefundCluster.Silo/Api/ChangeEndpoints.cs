using System.Collections.Immutable;
using System.Text.Json;
using RefundCluster.Contracts.Changes;
using RefundCluster.Grains.Changes;
using RefundCluster.Silo.Security;

namespace RefundCluster.Silo.Api;

/// <summary>
/// The change feed: every order and refund transition, including those made by timers, automation and the platform, in
/// log order, pulled by cursor (at-least-once, ordered per entity), scoped by credential like everything else.
/// </summary>
public static class ChangeEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    private const int MaxTypes = 50;

    public static void MapChangeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/changes", async (long? after, string? shop, string? types, int? limit, IChangeLog log, HttpContext context) =>
            {
                if (Invalid(after, shop, types, limit, context, out var query) is { } problem)
                {
                    return problem;
                }

                IReadOnlyList<ChangeRecord> page;
                try
                {
                    page = query is null ? [] : await log.Read(query, context.RequestAborted);
                }
                catch (ChangesDroppedException dropped)
                {
                    return Problems.ToResult(ApiErrors.ChangesCursorExpired(dropped.After, dropped.Oldest), context);
                }

                return Results.Ok(new ChangePageDocument(
                    [.. page.Select(ToDocument)], page.Count > 0 ? page[^1].Cursor : after ?? 0));
            })
            .WithName("GetChanges")
            .WithSummary("The change log after a cursor: every order and refund transition (timers and automation included), oldest first; optionally one shop and some types.")
            .Produces<ChangePageDocument>().ProducesProblem(400).ProducesProblem(404)
            .RequireAuthorization(AccessPolicies.ChangeReader);
    }

    private static ChangeDocument ToDocument(ChangeRecord c)
    {
        using var view = JsonDocument.Parse(c.View);
        return new ChangeDocument(c.Cursor, c.Type, c.ShopId, c.OrderId, c.RefundId, c.Version, c.At, view.RootElement.Clone());
    }

    /// <param name="query">Null when the credential may follow no shop at all (an empty page).</param>
    private static IResult? Invalid(long? after, string? shop, string? types, int? limit, HttpContext context, out ChangeQuery? query)
    {
        query = null;
        if (after is < 0)
        {
            return Problems.ToResult(ApiErrors.ChangesQueryInvalid("'after' must be a cursor from a previous page (0 or more)."), context);
        }

        if (limit is < 1 or > MaxLimit)
        {
            return Problems.ToResult(ApiErrors.ChangesQueryInvalid($"'limit' must be 1–{MaxLimit}."), context);
        }

        var typeList = types is null ? [] : types.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToImmutableArray();
        if (typeList.Length > MaxTypes || typeList.Any(t => t.Length > 64))
        {
            return Problems.ToResult(ApiErrors.ChangesQueryInvalid($"'types' takes at most {MaxTypes} comma-separated change types."), context);
        }

        var followed = context.Credential().FollowedShops;
        ImmutableArray<string> shops;
        if (shop is not null)
        {
            if (!EventParser.IsValidId(shop))
            {
                return Problems.ToResult(ApiErrors.InvalidId("shop"), context);
            }

            if (followed is not null && !followed.Contains(shop))
            {
                return Problems.ToResult(AuthErrors.ShopUnknown(shop), context);
            }

            shops = [shop];
        }
        else if (followed is null)
        {
            shops = [];
        }
        else if (followed.IsEmpty)
        {
            return null; // a credential of no shop follows nothing
        }
        else
        {
            shops = [.. followed];
        }

        query = new ChangeQuery(after ?? 0, shops, typeList, limit ?? DefaultLimit);
        return null;
    }
}
