using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace RefundCluster.Silo.Security;

/// <summary>
/// Dashboard sign-in: an ASP.NET Core cookie-authentication session. The login form checks the key once; the cookie
/// then holds only a session id, protected (encrypted and signed) by Data Protection, and the ticket itself lives on
/// the server (<see cref="GrainTicketStore"/>). A session ends when it expires (<see cref="SecurityOptions.SessionLifetime"/>,
/// renewed while used), when the browser signs out (server side: the old cookie stops working everywhere), or when
/// its key is revoked (checked on every request, through the credential store's cache). Like the key cookie before it,
/// the session is accepted for reads only (<see cref="RequestScheme"/>).
/// </summary>
public static class DashboardSessions
{
    public const string SchemeName = "Session";
    public const string CookieName = "rc_session";

    public static AuthenticationBuilder AddDashboardSessions(this AuthenticationBuilder authentication)
    {
        authentication.Services.AddSingleton(s => new GrainTicketStore(s.GetRequiredService<IGrainFactory>(), s.GetService<TimeProvider>() ?? TimeProvider.System));
        authentication.Services.AddOptions<CookieAuthenticationOptions>(SchemeName)
            .Configure<GrainTicketStore, IOptions<SecurityOptions>>((cookie, store, security) =>
            {
                cookie.SessionStore = store;
                cookie.ExpireTimeSpan = security.Value.SessionLifetime;
                cookie.SlidingExpiration = true;
            });
        return authentication.AddCookie(SchemeName, cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.IsEssential = true;
            cookie.Cookie.Path = "/";
            // Challenges and refusals are the API key scheme's (a login redirect for pages, problem+json otherwise).
            cookie.ForwardChallenge = ApiKeyAuthenticationHandler.SchemeName;
            cookie.ForwardForbid = ApiKeyAuthenticationHandler.SchemeName;
            cookie.Events.OnValidatePrincipal = Validate;
        });
    }

    /// <summary>Signs the browser in as <paramref name="credential"/>; the response sets the session cookie.</summary>
    public static Task SignIn(HttpContext context, ApiCredential credential) =>
        context.SignInAsync(SchemeName, CredentialContext.ToPrincipal(credential), new AuthenticationProperties { IsPersistent = false });

    /// <summary>Ends the browser's session on the server (if it has one) and deletes its cookie.</summary>
    public static Task SignOut(HttpContext context) => context.SignOutAsync(SchemeName);

    /// <summary>The session id behind this request, or null when it was not authenticated by a session.</summary>
    public static string? SessionId(this HttpContext context) => context.User.FindFirst(GrainTicketStore.SessionIdClaim)?.Value;

    /// <summary>
    /// Every request: the credential must still exist and be usable; its roles and shops are read again (a key changed
    /// or revoked after sign-in is seen within the store's cache time).
    /// </summary>
    private static async Task Validate(CookieValidatePrincipalContext context)
    {
        var http = context.HttpContext;
        var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        StoredCredential? stored;
        try
        {
            stored = id is null ? null : await http.RequestServices.GetRequiredService<ICredentialStore>().Find(id, http.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ApiKeyAuthenticationHandler.StoreUnreadable(http, ex);
            context.RejectPrincipal();
            return;
        }

        if (stored is null || stored.Problem() is not null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SchemeName);
            return;
        }

        var credential = stored.ToCredential();
        http.SetCredential(credential);
        var principal = CredentialContext.ToPrincipal(credential);
        if (context.Principal!.FindFirst(GrainTicketStore.SessionIdClaim) is { } session)
        {
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(GrainTicketStore.SessionIdClaim, session.Value));
        }

        context.ReplacePrincipal(principal);
    }
}
