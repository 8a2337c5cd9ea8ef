using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Policies;
using RefundCluster.Silo.Security;

namespace RefundCluster.Silo.Api;

/// <summary><c>GET|PUT /v1/shops/{shopId}/policy</c>: a shop's automations and timers, changeable at run time.</summary>
public static class PolicyEndpoints
{
    public static void MapPolicyEndpoints(this IEndpointRouteBuilder app)
    {
        // A shop service reads its own policy (the what-if page starts from it); changing it stays with operators.
        app.MapGet("/v1/shops/{shopId}/policy", async (string shopId, IGrainFactory grains, HttpContext context) =>
                MetricsEndpoints.Invalid(shopId, null, context, out _) ?? Results.Ok(await grains.GetGrain<IShopPolicyGrain>(shopId).Get()))
            .WithName("GetShopPolicy").WithSummary("The shop's policy; the platform defaults until it is changed.")
            .Produces<ShopPolicyView>().ProducesProblem(400).ProducesProblem(404)
            .RequireAuthorization(AccessPolicies.ShopReader);

        app.MapPut("/v1/shops/{shopId}/policy", PutPolicy)
            .WithName("PutShopPolicy").WithSummary("Replace the shop's policy. Omitted fields take the platform default.")
            .Accepts<ShopPolicy>("application/json")
            .Produces<ShopPolicyView>().ProducesProblem(400)
            .RequireAuthorization(AccessPolicies.Operator);
    }

    private static async Task<IResult> PutPolicy(string shopId, HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json, TimeProvider clock)
    {
        if (!EventParser.IsValidId(shopId))
        {
            return Problems.ToResult(ApiErrors.InvalidId("shopId"), context);
        }

        var (policy, unreadable) = await JsonBody.ReadAs<ShopPolicy>(context, json.Value.SerializerOptions);
        if (unreadable is not null)
        {
            return Problems.ToResult(unreadable, context);
        }

        if (policy is null)
        {
            return Problems.ToResult(ApiErrors.FieldRequired("policy"), context);
        }

        if (InputLimits.Check(policy, clock.GetUtcNow()) is { } outOfBounds)
        {
            return Problems.ToResult(outOfBounds, context);
        }

        var grain = grains.GetGrain<IShopPolicyGrain>(shopId);
        // The change log names the credential that made the change.
        var changedBy = context.Credential().Id;
        return await grain.Set(policy, changedBy) is { } error
            ? Problems.ToResult(error, context)
            : Results.Ok(await grain.Get());
    }
}
