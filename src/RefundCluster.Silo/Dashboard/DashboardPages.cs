using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;
using RefundCluster.Silo.Api;
using RefundCluster.Silo.Security;

namespace RefundCluster.Silo.Dashboard;

/// <summary>
/// The web dashboard: plain HTML, CSS and JavaScript embedded in the assembly (no CDN: it works offline). The shop
/// page reads its shop id from the path and follows the shop's live feed; the platform page shows the leaderboard.
/// A browser signs in once with an API key; its pages then read through a server-side session (<see cref="DashboardSessions"/>). Dashboards need a shop service or an
/// operator; any key may read the API reference (<see cref="ApiReferencePage"/>).
/// </summary>
public static class DashboardPages
{
    private static readonly EmbeddedFileProvider Files = new(typeof(DashboardPages).Assembly, "RefundCluster.Silo.wwwroot.dashboard");

    /// <summary>The API's what-if endpoint (<see cref="RecordingEndpoints"/>), which the what-if page's comparison runs.</summary>
    private const string WhatIfEndpointName = "PostShopWhatIf";

    /// <summary>A shop service or an operator, signed in to the dashboard: the what-if page's comparison (a POST that changes nothing).</summary>
    private static readonly AuthorizationPolicy SessionShopReader = new AuthorizationPolicyBuilder(DashboardSessions.SchemeName)
        .RequireRole(nameof(Role.ShopService), nameof(Role.Operator))
        .Build();

    /// <summary>
    /// Scripts and styles: code, no data, served to anyone (the login page needs them too). Only those: the pages
    /// themselves are served by the endpoints below, which require a credential.
    /// </summary>
    public static void UseDashboardAssets(this WebApplication app)
    {
        var assetTypes = new FileExtensionContentTypeProvider();
        assetTypes.Mappings.Clear();
        assetTypes.Mappings[".js"] = "text/javascript";
        assetTypes.Mappings[".css"] = "text/css";
        app.UseStaticFiles(new StaticFileOptions { FileProvider = Files, RequestPath = "/dashboard", ContentTypeProvider = assetTypes });
    }

    public static void MapDashboardPages(this WebApplication app)
    {
        app.MapGet("/dashboard", (HttpContext context) => context.Credential() switch
            {
                { } c when c.Has(Role.Operator) => Page("index.html"),
                // A shop service has one shop: its page is its dashboard.
                { } c => Results.Redirect($"/dashboard/shops/{Uri.EscapeDataString(c.Shops.First())}"),
            })
            .ExcludeFromDescription().RequireAuthorization(AccessPolicies.ShopReader);
        app.MapGet("/dashboard/shops/{shopId}", (string shopId, HttpContext context) =>
                context.Credential().MayRead(shopId) ? Page("shop.html") : Results.NotFound())
            .ExcludeFromDescription().RequireAuthorization(AccessPolicies.ShopReader);

        // The workbench: a shop's refunds, filtered and sorted by time left, a page at a time.
        app.MapGet("/dashboard/shops/{shopId}/refunds", (string shopId, HttpContext context) =>
                context.Credential().MayRead(shopId) ? Page("list.html") : Results.NotFound())
            .ExcludeFromDescription().RequireAuthorization(AccessPolicies.ShopReader);

        // The what-if page: the shop's policy in force in an editable form, a range, and the replay of both side by side.
        app.MapGet("/dashboard/shops/{shopId}/what-if", (string shopId, HttpContext context) =>
                context.Credential().MayRead(shopId) ? Page("what-if.html") : Results.NotFound())
            .ExcludeFromDescription().RequireAuthorization(AccessPolicies.ShopReader);

        // Its comparison. The API's POST /v1/shops/{shopId}/what-if takes a key, never a session (RequestScheme accepts a
        // session on reads only), and a browser holds no key. A what-if changes nothing (a replay on a virtual clock), so
        // the page posts here, signed in by its session, and this runs the API's own endpoint: the same checks, the same
        // answer. Another site cannot post here for a signed-in browser: the session cookie is SameSite=Strict, and only a
        // same-origin JSON request is taken (a cross-origin one with that content type needs a CORS preflight, never granted).
        var whatIf = new Lazy<RequestDelegate>(() => app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == WhatIfEndpointName).RequestDelegate!);
        app.MapPost("/dashboard/shops/{shopId}/what-if", async (HttpContext context) =>
            {
                var request = context.Request;
                if (request.Headers["Sec-Fetch-Site"] is { Count: > 0 } site && site != "same-origin")
                {
                    await Problems.ToResult(AuthErrors.Forbidden, context).ExecuteAsync(context);
                }
                else if (!request.HasJsonContentType())
                {
                    await Problems.ToResult(EventError.Of(ErrorCatalogue.RequestUnsupportedMediaType), context).ExecuteAsync(context);
                }
                else
                {
                    await whatIf.Value(context); // binds {shopId} from the same route value
                }
            })
            .ExcludeFromDescription().RequireAuthorization(SessionShopReader);

        // A refund's or an order's own page (what a risk item opens); another shop's is answered as one that does not exist.
        app.MapGet("/dashboard/refunds/{refundId}", async (string refundId, IGrainFactory grains, HttpContext context) =>
                EventParser.IsValidId(refundId) && await grains.Refunds().GetView(refundId) is { } refund && context.Credential().MayRead(refund.ShopId)
                    ? Page("entity.html") : Results.NotFound())
            .ExcludeFromDescription().RequireAuthorization(AccessPolicies.ShopReader);
        app.MapGet("/dashboard/orders/{orderId}", async (string orderId, IGrainFactory grains, HttpContext context) =>
                EventParser.IsValidId(orderId) && await grains.GetGrain<IOrderGrain>(orderId).GetView() is { } order && context.Credential().MayRead(order.ShopId)
                    ? Page("entity.html") : Results.NotFound())
            .ExcludeFromDescription().RequireAuthorization(AccessPolicies.ShopReader);

        app.MapGet("/dashboard/login", (string? returnUrl) => LoginPage(returnUrl, "", StatusCodes.Status200OK))
            .ExcludeFromDescription().AllowAnonymous();
        app.MapPost("/dashboard/login", SignIn).ExcludeFromDescription().AllowAnonymous().DisableAntiforgery();
        app.MapGet("/dashboard/logout", async (HttpContext context) =>
            {
                await DashboardSessions.SignOut(context); // ends the session on the server: the old cookie no longer works anywhere
                return Results.Redirect("/dashboard/login");
            })
            .ExcludeFromDescription().AllowAnonymous();
    }

    private static async Task<IResult> SignIn(HttpContext context, ICredentialStore store)
    {
        if (!context.Request.HasFormContentType)
        {
            return LoginPage(null, "Send the form.", StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = form["returnUrl"].FirstOrDefault();
        var key = form["key"].FirstOrDefault()?.Trim() ?? "";
        var credential = await ApiKeyAuthenticationHandler.Check(store, key, context.RequestAborted);
        if (credential is null)
        {
            return LoginPage(returnUrl, "Unknown, malformed or revoked key.", StatusCodes.Status401Unauthorized);
        }

        // The key goes no further than this request: the browser gets a session, never the key.
        await DashboardSessions.SignIn(context, credential);
        // Any key may read the API reference; the dashboards need a shop service or an operator, so an integrator lands on the reference.
        var target = IsLocal(returnUrl) ? returnUrl! : "/dashboard";
        if (target == "/dashboard" && !(credential.Has(Role.Operator) || credential.Has(Role.ShopService)))
        {
            target = ApiReferencePage.Path + "/";
        }

        return Results.Redirect(target, permanent: false, preserveMethod: false);
    }

    /// <summary>Only a path on this site: an open redirect would send people elsewhere after signing in.</summary>
    /// Browsers drop tabs and line breaks from a URL ("/\t/evil.example" is "//evil.example"), and a header refuses
    /// them: only printable ASCII is accepted.
    private static bool IsLocal(string? url) =>
        url is { Length: > 0 and < 2048 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && url.All(c => c is > ' ' and < (char)127);

    private static IResult LoginPage(string? returnUrl, string message, int status)
    {
        using var reader = new StreamReader(Files.GetFileInfo("login.html").CreateReadStream());
        var html = reader.ReadToEnd()
            .Replace("{{message}}", HtmlEncoder.Default.Encode(message), StringComparison.Ordinal)
            .Replace("{{returnUrl}}", HtmlEncoder.Default.Encode(IsLocal(returnUrl) ? returnUrl! : "/dashboard"), StringComparison.Ordinal);
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static IResult Page(string name)
    {
        var file = Files.GetFileInfo(name);
        return file.Exists ? Results.Stream(file.CreateReadStream(), "text/html; charset=utf-8") : Results.NotFound();
    }
}
