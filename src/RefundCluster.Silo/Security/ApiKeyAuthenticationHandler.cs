using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using RefundCluster.Silo.Api;

namespace RefundCluster.Silo.Security;

/// <summary>
/// Authenticates the API key of a request: header <c>X-Api-Key</c> or <c>Authorization: Bearer</c> (what Prometheus and
/// most tools can send). A browser signs in once with its key and then holds a session (<see cref="DashboardSessions"/>),
/// never the key. Challenges and refusals of every scheme are answered here.
/// </summary>
public sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ICredentialStore store)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    private static readonly object StoreFailed = new();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedKey(Request) is not { } key)
        {
            return AuthenticateResult.NoResult();
        }

        ApiCredential? credential;
        try
        {
            credential = await Check(store, key, Context.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            StoreUnreadable(Context, ex);
            return AuthenticateResult.Fail("The credential store could not be read.");
        }

        if (credential is null)
        {
            return AuthenticateResult.Fail("Unknown, malformed or revoked API key.");
        }

        Context.SetCredential(credential);
        return AuthenticateResult.Success(new AuthenticationTicket(CredentialContext.ToPrincipal(credential), SchemeName));
    }

    /// <summary>The credential a key proves, or null; shared with the dashboard's login form.</summary>
    public static async ValueTask<ApiCredential?> Check(ICredentialStore store, string key, CancellationToken cancellationToken)
    {
        if (!ApiKey.TryGetId(key, out var id) || await store.Find(id, cancellationToken) is not { } stored)
        {
            return null;
        }

        return stored.Problem() is null && ApiKey.Matches(key, stored.Hash) ? stored.ToCredential() : null;
    }

    /// <summary>Notes that the credential store failed, so that the challenge answers 503, not 401.</summary>
    public static void StoreUnreadable(HttpContext context, Exception exception)
    {
        LogStoreFailed(context.RequestServices.GetRequiredService<ILogger<ApiKeyAuthenticationHandler>>(), exception);
        context.Items[StoreFailed] = true;
    }

    /// <summary>Whether the request presents an API key (which then decides, whatever cookie it also carries).</summary>
    public static bool HasKey(HttpRequest request) => PresentedKey(request) is not null;

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(StoreFailed))
        {
            await Problems.ToResult(AuthErrors.StoreUnavailable, Context).ExecuteAsync(Context);
            return;
        }

        if (Request.Path.StartsWithSegments("/dashboard") || Request.Path.StartsWithSegments("/orleans-dashboard"))
        {
            // A person in a browser: to the login form, then back here.
            Response.Redirect($"/dashboard/login?returnUrl={Uri.EscapeDataString(Request.PathBase + Request.Path + Request.QueryString)}");
            return;
        }

        Response.Headers.WWWAuthenticate = $"{SchemeName}, Bearer";
        await Problems.ToResult(PresentedKey(Request) is null ? AuthErrors.Required : AuthErrors.Invalid, Context).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.ToResult(AuthErrors.Forbidden, Context).ExecuteAsync(Context);

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers[HeaderName] is [{ Length: > 0 } header])
        {
            return header;
        }

        if (request.Headers.Authorization is [{ } authorization] && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The credential store could not be read")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception);
}
