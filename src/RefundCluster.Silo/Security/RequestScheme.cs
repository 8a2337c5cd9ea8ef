using Microsoft.AspNetCore.Authentication;

namespace RefundCluster.Silo.Security;

/// <summary>
/// The default authentication scheme: picks, per request, how the caller proves who it is. A key (header
/// <c>X-Api-Key</c> or <c>Authorization: Bearer</c>) always wins; otherwise a dashboard session cookie, but only on
/// reads (GET/HEAD), so a page on another site can never make a signed-in browser change anything. Challenges and
/// refusals are always the API key scheme's.
/// </summary>
public static class RequestScheme
{
    public const string SchemeName = "RefundCluster";

    public static AuthenticationBuilder AddRequestScheme(this AuthenticationBuilder authentication) =>
        authentication.AddPolicyScheme(SchemeName, null, scheme =>
        {
            scheme.ForwardDefaultSelector = Select;
            scheme.ForwardChallenge = ApiKeyAuthenticationHandler.SchemeName;
            scheme.ForwardForbid = ApiKeyAuthenticationHandler.SchemeName;
        });

    private static string Select(HttpContext context)
    {
        var request = context.Request;
        var isRead = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        return isRead && !ApiKeyAuthenticationHandler.HasKey(request) && request.Cookies.ContainsKey(DashboardSessions.CookieName)
            ? DashboardSessions.SchemeName
            : ApiKeyAuthenticationHandler.SchemeName;
    }
}
