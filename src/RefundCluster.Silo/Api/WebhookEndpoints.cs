using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Webhooks;
using RefundCluster.Grains.Webhooks;
using RefundCluster.Silo.Security;

namespace RefundCluster.Silo.Api;

/// <summary>
/// Push: webhook subscriptions on the change log. Integrators manage their own, operators all; a subscription follows
/// only shops its owner may follow, and its deliveries are signed with the Standard Webhooks scheme.
/// </summary>
public static class WebhookEndpoints
{
    private const int MaxTypes = 50;
    private const int MaxShops = 200;

    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/webhooks", async (WebhookSpec spec, IGrainFactory grains, IOptions<WebhookOptions> options, HttpContext context) =>
            {
                var credential = context.Credential();
                if (Invalid(spec, options.Value, credential, out var normalized) is { } refusal)
                {
                    return Problems.ToResult(refusal, context);
                }

                var id = "wh_" + Guid.NewGuid().ToString("N");
                var view = await grains.GetGrain<IWebhookGrain>(id).Create(normalized, credential.Id);
                await grains.GetGrain<IWebhookRegistryGrain>("all").Add(id, credential.Id);
                return Results.Created($"/v1/webhooks/{id}", view);
            })
            .WithName("CreateWebhook")
            .WithSummary("Subscribe a URL to changes (types and shops optional); answers the subscription with its signing secret, shown only here.")
            .Produces<WebhookView>(201).ProducesProblem(400).ProducesProblem(404)
            .RequireAuthorization(AccessPolicies.WebhookOwner);

        app.MapGet("/v1/webhooks", async (IGrainFactory grains, HttpContext context) =>
            {
                var credential = context.Credential();
                var ids = await grains.GetGrain<IWebhookRegistryGrain>("all").List(credential.Has(Role.Operator) ? null : credential.Id);
                var views = await Task.WhenAll(ids.Select(id => grains.GetGrain<IWebhookGrain>(id).Get()));
                return Results.Ok(views.OfType<WebhookView>().ToImmutableArray());
            })
            .WithName("ListWebhooks").WithSummary("Your webhook subscriptions (an operator's: all).")
            .Produces<ImmutableArray<WebhookView>>()
            .RequireAuthorization(AccessPolicies.WebhookOwner);

        app.MapGet("/v1/webhooks/{webhookId}", async (string webhookId, IGrainFactory grains, HttpContext context) =>
                await Owned(webhookId, grains, context) is { } grain
                    ? Results.Ok(await grain.Get())
                    : Problems.ToResult(ApiErrors.WebhookUnknown(webhookId), context))
            .WithName("GetWebhook").WithSummary("A subscription: where it stands in the change log, whether it is failing or disabled.")
            .Produces<WebhookView>().ProducesProblem(404)
            .RequireAuthorization(AccessPolicies.WebhookOwner);

        app.MapDelete("/v1/webhooks/{webhookId}", async (string webhookId, IGrainFactory grains, HttpContext context) =>
            {
                if (await Owned(webhookId, grains, context) is not { } grain)
                {
                    return Problems.ToResult(ApiErrors.WebhookUnknown(webhookId), context);
                }

                await grain.Delete();
                await grains.GetGrain<IWebhookRegistryGrain>("all").Remove(webhookId);
                return Results.NoContent();
            })
            .WithName("DeleteWebhook").WithSummary("Stop and remove a subscription.")
            .Produces(204).ProducesProblem(404)
            .RequireAuthorization(AccessPolicies.WebhookOwner);

        app.MapGet("/v1/webhooks/{webhookId}/deliveries", async (string webhookId, IGrainFactory grains, HttpContext context) =>
                await Owned(webhookId, grains, context) is { } grain
                    ? Results.Ok(await grain.Deliveries())
                    : Problems.ToResult(ApiErrors.WebhookUnknown(webhookId), context))
            .WithName("GetWebhookDeliveries").WithSummary("The subscription's last 100 delivery attempts: which change, its webhook-id, the answer.")
            .Produces<ImmutableArray<WebhookDeliveryView>>().ProducesProblem(404)
            .RequireAuthorization(AccessPolicies.WebhookOwner);

        app.MapPost("/v1/webhooks/{webhookId}/replay", async (string webhookId, long? after, IGrainFactory grains, HttpContext context) =>
            {
                if (after is < 0)
                {
                    return Problems.ToResult(ApiErrors.WebhookInvalid("'after' must be a change cursor (0 or more)."), context);
                }

                return await Owned(webhookId, grains, context) is { } grain
                    ? Results.Ok(await grain.Replay(after ?? 0))
                    : Problems.ToResult(ApiErrors.WebhookUnknown(webhookId), context);
            })
            .WithName("ReplayWebhook").WithSummary("Deliver again every change after a cursor (and re-enable a disabled subscription).")
            .Produces<WebhookView>().ProducesProblem(400).ProducesProblem(404)
            .RequireAuthorization(AccessPolicies.WebhookOwner);
    }

    /// <summary>The subscription, if it exists and the caller owns it (operators own all); else as if it did not exist.</summary>
    private static async Task<IWebhookGrain?> Owned(string webhookId, IGrainFactory grains, HttpContext context)
    {
        if (!EventParser.IsValidId(webhookId))
        {
            return null;
        }

        var grain = grains.GetGrain<IWebhookGrain>(webhookId);
        var credential = context.Credential();
        return await grain.Get() is { } view && (credential.Has(Role.Operator) || view.Owner == credential.Id) ? grain : null;
    }

    private static Contracts.Views.EventError? Invalid(WebhookSpec spec, WebhookOptions options, ApiCredential credential, out WebhookSpec normalized)
    {
        normalized = spec;
        if (WebhookTargets.Refusal(spec.Url, options.AllowPrivateTargets) is { } urlProblem)
        {
            return ApiErrors.WebhookInvalid(urlProblem);
        }

        var types = spec.Types.IsDefault ? [] : spec.Types;
        if (types.Length > MaxTypes || types.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 64))
        {
            return ApiErrors.WebhookInvalid($"types takes at most {MaxTypes} change types.");
        }

        if (spec.Secret is { } secret && WebhookSigner.KeyOf(secret) is null)
        {
            return ApiErrors.WebhookInvalid("secret must be whsec_ followed by the base64 of 24 to 64 bytes.");
        }

        var shops = spec.Shops.IsDefault ? [] : spec.Shops;
        if (shops.Length > MaxShops || shops.Any(s => !EventParser.IsValidId(s)))
        {
            return ApiErrors.WebhookInvalid($"shops takes at most {MaxShops} shop ids.");
        }

        var followed = credential.FollowedShops;
        if (followed is not null)
        {
            if (shops.FirstOrDefault(s => !followed.Contains(s)) is { } foreign)
            {
                return AuthErrors.ShopUnknown(foreign);
            }

            // A limited credential's subscription is limited like it, whatever it asked for.
            shops = shops.IsEmpty ? [.. followed.Order(StringComparer.Ordinal)] : shops;
        }

        normalized = spec with { Types = types, Shops = shops };
        return null;
    }
}
