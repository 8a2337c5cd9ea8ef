namespace RefundCluster.Contracts.Grains;

/// <summary>
/// One dashboard sign-in, keyed by a random session id: the serialized sign-in ticket kept on the server, so that the
/// browser's cookie carries only the (protected) session id and signing out ends the session everywhere at once.
/// </summary>
[Alias("RefundCluster.IDashboardSessionGrain")]
public interface IDashboardSessionGrain : IGrainWithStringKey
{
    /// <summary>Starts the session (a new, random id each sign-in).</summary>
    [Alias("start")]
    Task Start(byte[] ticket);

    /// <summary>
    /// Replaces the ticket of a session still running (sliding expiry). Does nothing once it ended: a request that was
    /// renewing while the user signed out cannot bring the session back.
    /// </summary>
    [Alias("renew")]
    Task Renew(byte[] ticket);

    /// <summary>The ticket, or null once the session ended (or never began).</summary>
    [Alias("ticket")]
    Task<byte[]?> Ticket();

    /// <summary>Ends the session: its stored ticket is cleared, so no silo accepts its cookie again.</summary>
    [Alias("end")]
    Task End();
}
