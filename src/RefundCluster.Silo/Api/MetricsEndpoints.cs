using System.Collections.Immutable;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Metrics;
using RefundCluster.Domain.Metrics;
using RefundCluster.Grains.Shops;
using RefundCluster.Silo.Security;

namespace RefundCluster.Silo.Api;

/// <summary>What shop services read: live metrics, risk lists, a live feed, and the platform leaderboard.</summary>
public static class MetricsEndpoints
{
    public const int MaxTop = 200;

    private static readonly IReadOnlyList<string> WindowNames = [.. MetricWindows.All.Select(w => w.Name())];

    /// <summary>The live feed sends at most this often, however fast the shop changes.</summary>
    private static readonly TimeSpan FeedInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>An idle feed still sends a heartbeat this often (proxies close silent connections).</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static void MapMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/shops/{shopId}/metrics", async (string shopId, string? window, IGrainFactory grains, ShopPolicyCache policies, HttpContext context) =>
                Invalid(shopId, window, context, out var parsed)
                    ?? Results.Ok((await grains.GetGrain<IShopMetricsGrain>(shopId).GetMetrics(parsed)).ToDocument(await policies.Get(shopId))))
            .WithName("GetShopMetrics").WithQueryEnum("window", "MetricWindow", WindowNames)
            .WithSummary("A shop's indicators over a rolling window (5m, 1h, 24h, 30d; default 1h), computed live by the shop's aggregator.")
            .Produces<ShopMetricsDocument>().ProducesProblem(400).ProducesProblem(404)
            .RequireAuthorization(AccessPolicies.ShopReader);

        app.MapGet("/v1/shops/{shopId}/risks", async (string shopId, IGrainFactory grains, HttpContext context) =>
                Invalid(shopId, null, context, out _) ?? Results.Ok((await grains.GetGrain<IShopMetricsGrain>(shopId).GetRisks()).ToDocument(shopId)))
            .WithName("GetShopRisks")
            .WithSummary("Refunds near their seller deadline, returns signed 48 h without refund, orders past the ship promise, parcels stalled 3 days.")
            .Produces<ShopRisksDocument>().ProducesProblem(400).ProducesProblem(404)
            .RequireAuthorization(AccessPolicies.ShopReader);

        app.MapGet("/v1/shops/{shopId}/metrics/stream", (string shopId, string? window, IGrainFactory grains, ShopPolicyCache policies, IOptions<JsonOptions> json, ICredentialStore credentials,
                GrainTicketStore sessions, FeedLimits feeds, HttpContext context) =>
            {
                if (Invalid(shopId, window, context, out var parsed) is { } refused)
                {
                    return refused;
                }

                var credential = context.Credential();
                if (feeds.TryOpen(credential.Id) is not { } slot)
                {
                    context.Response.Headers.RetryAfter = ((int)Heartbeat.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                    return Problems.ToResult(AuthErrors.TooManyFeeds(feeds.Limit), context);
                }

                context.Response.RegisterForDispose(slot); // the slot is free again when the feed's request ends
                return TypedResults.ServerSentEvents(Feed(grains.GetGrain<IShopMetricsGrain>(shopId), policies, shopId, parsed, json.Value.SerializerOptions,
                    StillValid(credentials, credential.Id, sessions, context.SessionId()), context.RequestAborted));
            })
            .WithName("StreamShopMetrics").WithQueryEnum("window", "MetricWindow", WindowNames)
            .WithSummary("Server-Sent Events: 'metrics' with the window's metrics and the risk lists, on connect and on every change (at most every 250 ms).")
            .Produces<ShopFeedDocument>(200, "text/event-stream").ProducesProblem(400).ProducesProblem(404).ProducesProblem(429)
            .RequireAuthorization(AccessPolicies.ShopReader);

        app.MapPost("/v1/shops/{shopId}/metrics/rebuild", async (string shopId, IGrainFactory grains, HttpContext context) =>
                Invalid(shopId, null, context, out _) ?? Results.Ok(await grains.GetGrain<IShopMetricsGrain>(shopId).Rebuild()))
            .WithName("RebuildShopMetrics")
            .WithSummary("Operators: re-read every order and refund of the shop from the entities and repair what the stream lost; returns how many facts were corrected.")
            .Produces<ShopRebuildResult>().ProducesProblem(400)
            .RequireAuthorization(AccessPolicies.Operator);

        app.MapGet("/v1/metrics/shops", async (string? sort, int? top, IGrainFactory grains, HttpContext context) =>
            {
                var order = LeaderboardSort.RefundRate;
                if (sort is not null && !MetricsDocuments.TryParseSort(sort, out order))
                {
                    return Problems.ToResult(ApiErrors.SortInvalid(sort), context);
                }

                var count = top ?? 10;
                if (count is < 1 or > MaxTop)
                {
                    return Problems.ToResult(ApiErrors.TopInvalid(count), context);
                }

                return Results.Ok(await Leaderboard(grains, order, count));
            })
            .WithName("GetShopLeaderboard").WithQueryEnum("sort", "LeaderboardSort", MetricsDocuments.SortNames)
            .WithSummary("The platform leaderboard over 24 h, highest first, fed by the shop aggregators (about once a second).")
            .Produces<LeaderboardDocument>().ProducesProblem(400)
            .RequireAuthorization(AccessPolicies.Operator);
    }

    /// <summary>The 16 leaderboard shards' tops merged (also used by clients that talk to the grains directly).</summary>
    public static async Task<LeaderboardDocument> Leaderboard(IGrainFactory grains, LeaderboardSort order, int count)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, LeaderboardShards.Count)
            .Select(i => grains.GetGrain<ILeaderboardShardGrain>(i).Top(order, count).AsTask()));
        ImmutableArray<ShopSummary> shops = [.. shards.SelectMany(s => s).Rank(order).Take(count)];
        return new LeaderboardDocument(MetricsDocuments.SortNames[(int)order], count, MetricsDocuments.LeaderboardWindow, shops);
    }

    /// <summary>The shop-level checks of every shop metrics endpoint: a valid id the caller may read, and a known window.</summary>
    internal static IResult? Invalid(string shopId, string? window, HttpContext context, out MetricWindow parsed)
    {
        parsed = MetricWindow.OneHour;
        if (!EventParser.IsValidId(shopId))
        {
            return Problems.ToResult(ApiErrors.InvalidId("shopId"), context);
        }

        if (!context.Credential().MayRead(shopId))
        {
            return Problems.ToResult(AuthErrors.ShopUnknown(shopId), context);
        }

        return window is null || MetricWindows.TryParse(window, out parsed) ? null : Problems.ToResult(ApiErrors.WindowInvalid(window), context);
    }

    /// <summary>
    /// A feed outlives the request that opened it: it asks again, each heartbeat, whether its key still exists and, for a
    /// browser, whether its session was not ended (signed out).
    /// </summary>
    private static Func<CancellationToken, ValueTask<bool>> StillValid(ICredentialStore credentials, string credentialId, GrainTicketStore sessions, string? sessionId) =>
        async cancel => await credentials.Find(credentialId, cancel) is { } stored && stored.Problem() is null
            && (sessionId is null || await sessions.Exists(sessionId));

    private static async IAsyncEnumerable<SseItem<string>> Feed(
        IShopMetricsGrain shop, ShopPolicyCache policies, string shopId, MetricWindow window, JsonSerializerOptions json, Func<CancellationToken, ValueTask<bool>> stillValid,
        [EnumeratorCancellation] CancellationToken cancel)
    {
        var known = long.MinValue;
        var sentAt = DateTimeOffset.MinValue;
        var checkedAt = TimeProvider.System.GetUtcNow();
        while (!cancel.IsCancellationRequested)
        {
            if (TimeProvider.System.GetUtcNow() - checkedAt >= Heartbeat)
            {
                checkedAt = TimeProvider.System.GetUtcNow();
                if (!await StillValidOrGone(stillValid, cancel))
                {
                    yield break; // revoked: the client's reconnect is refused with 401
                }
            }

            var next = await Read(shop, policies, shopId, window, known, sentAt, cancel);
            if (next.Document is { } document)
            {
                known = next.Version;
                sentAt = TimeProvider.System.GetUtcNow();
                yield return new SseItem<string>(JsonSerializer.Serialize(document, json), "metrics");
            }
            else if (next.Failed)
            {
                yield break; // the cluster could not answer (a silo stopping): the client's EventSource reconnects
            }

            await Task.Delay(FeedInterval, cancel).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!cancel.IsCancellationRequested)
            {
                try
                {
                    await shop.WaitForChange(known, Heartbeat, cancel);
                }
                catch (Exception) when (!cancel.IsCancellationRequested)
                {
                    // The aggregator moved (deactivation, silo loss): the next read reaches its new activation.
                }
                catch (Exception)
                {
                    // The client left.
                }
            }
        }
    }

    private static async Task<bool> StillValidOrGone(Func<CancellationToken, ValueTask<bool>> stillValid, CancellationToken cancel)
    {
        try
        {
            return await stillValid(cancel);
        }
        catch (Exception) when (!cancel.IsCancellationRequested)
        {
            return true; // the store could not be read: keep the feed rather than drop every client at once
        }
    }

    /// <summary>The feed's next message: null when nothing changed and no heartbeat is due; Failed when the grain could not answer.</summary>
    private static async Task<(ShopFeedDocument? Document, long Version, bool Failed)> Read(
        IShopMetricsGrain shop, ShopPolicyCache policies, string shopId, MetricWindow window, long known, DateTimeOffset sentAt, CancellationToken cancel)
    {
        try
        {
            var metrics = await shop.GetMetrics(window);
            if (metrics.Version == known && TimeProvider.System.GetUtcNow() - sentAt < Heartbeat)
            {
                return (null, known, false);
            }

            var risks = await shop.GetRisks();
            return (new ShopFeedDocument(metrics.ToDocument(await policies.Get(shopId)), risks.ToDocument(shopId)), metrics.Version, false);
        }
        catch (Exception) when (!cancel.IsCancellationRequested)
        {
            return (null, known, true);
        }
    }
}
