using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using RefundCluster.Contracts.Grains;

namespace RefundCluster.Silo.Security;

/// <summary>
/// Where dashboard sign-in tickets live: one <see cref="IDashboardSessionGrain"/> per session, keyed by a random id.
/// The browser's cookie holds that id, protected by Data Protection; every silo reads the same grain, so signing out
/// on one ends the session on all of them.
/// </summary>
public sealed class GrainTicketStore(IGrainFactory grains, TimeProvider time) : ITicketStore
{
    /// <summary>The claim that carries a session's id in its own ticket.</summary>
    public const string SessionIdClaim = "refundcluster:session";

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        // 256 random bits: the id is never guessable, even though the cookie that carries it is also encrypted.
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        // The ticket names its own session, so that what a request reads back says which session it came from.
        ((ClaimsIdentity)ticket.Principal.Identity!).AddClaim(new Claim(SessionIdClaim, key));
        await Session(key).Start(TicketSerializer.Default.Serialize(ticket));
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => Session(key).Renew(TicketSerializer.Default.Serialize(ticket));

    public async Task<AuthenticationTicket?> RetrieveAsync(string key) =>
        await Session(key).Ticket() is { } bytes ? TicketSerializer.Default.Deserialize(bytes) : null;

    public Task RemoveAsync(string key) => Session(key).End();

    /// <summary>
    /// Whether the session is still running: not ended and not expired (a live feed asks, since it outlives the request
    /// that opened it and no cookie check happens on it).
    /// </summary>
    public async Task<bool> Exists(string key) =>
        await RetrieveAsync(key) is { } ticket && (ticket.Properties.ExpiresUtc is not { } expires || expires > time.GetUtcNow());

    private IDashboardSessionGrain Session(string key) => grains.GetGrain<IDashboardSessionGrain>(key);
}
