using Microsoft.AspNetCore.Authorization;

namespace RefundCluster.Silo.Security;

/// <summary>
/// Which role each endpoint needs. Every endpoint needs some credential (the fallback policy); shop-level checks
/// (a shop service sees only its shop) are made where the shop is known, in the endpoint.
/// </summary>
public static class AccessPolicies
{
    public const string Integrator = "integrator";
    public const string Operator = "operator";

    /// <summary>A shop's data: a shop service (its own shop) or an operator (any shop).</summary>
    public const string ShopReader = "shop-reader";

    /// <summary>The change log: a shop service (its shop), an integrator (its shops, or all) or an operator (all).</summary>
    public const string ChangeReader = "change-reader";

    /// <summary>Webhook subscriptions: integrators (their own) and operators (all).</summary>
    public const string WebhookOwner = "webhook-owner";

    public static void Configure(AuthorizationOptions options)
    {
        options.FallbackPolicy = new AuthorizationPolicyBuilder(RequestScheme.SchemeName).RequireAuthenticatedUser().Build();
        options.AddPolicy(Integrator, p => p.AddAuthenticationSchemes(RequestScheme.SchemeName).RequireRole(nameof(Role.Integrator)));
        options.AddPolicy(Operator, p => p.AddAuthenticationSchemes(RequestScheme.SchemeName).RequireRole(nameof(Role.Operator)));
        options.AddPolicy(ShopReader, p => p.AddAuthenticationSchemes(RequestScheme.SchemeName)
            .RequireRole(nameof(Role.ShopService), nameof(Role.Operator)));
        options.AddPolicy(WebhookOwner, p => p.AddAuthenticationSchemes(RequestScheme.SchemeName)
            .RequireRole(nameof(Role.Integrator), nameof(Role.Operator)));
        options.AddPolicy(ChangeReader, p => p.AddAuthenticationSchemes(RequestScheme.SchemeName)
            .RequireRole(nameof(Role.ShopService), nameof(Role.Operator), nameof(Role.Integrator)));
    }
}
