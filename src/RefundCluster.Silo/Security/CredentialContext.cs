using System.Security.Claims;

namespace RefundCluster.Silo.Security;

/// <summary>The authenticated credential of a request, set by <see cref="ApiKeyAuthenticationHandler"/>.</summary>
public static class CredentialContext
{
    private static readonly object Key = new();

    public static void SetCredential(this HttpContext context, ApiCredential credential) => context.Items[Key] = credential;

    /// <summary>The caller; only endpoints that require authorization may ask (every endpoint but the probes and the login page).</summary>
    public static ApiCredential Credential(this HttpContext context) =>
        context.Items.TryGetValue(Key, out var value) && value is ApiCredential credential
            ? credential
            : throw new InvalidOperationException("No authenticated credential: the endpoint must require authorization.");

    public static ApiCredential? CredentialOrNull(this HttpContext context) => context.Items.TryGetValue(Key, out var value) ? value as ApiCredential : null;

    public static ClaimsPrincipal ToPrincipal(ApiCredential credential) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, credential.Id),
            .. credential.Roles.Select(r => new Claim(ClaimTypes.Role, r.ToString())),
        ],
        ApiKeyAuthenticationHandler.SchemeName));
}
