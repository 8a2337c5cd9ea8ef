namespace RefundCluster.Contracts.Grains;

/// <summary>
/// One dashboard sign-in, keyed by a random session id: the serialized sign-in ticket kept on the server, so that the
/// browser's cookie carries only the (protected) session id and signing out ends the session everywhere at once.
/// </summary>
[Alias("RefundCluster.IDashboardSessionGrain")]
public interface IDashboardSessionGrain : IGrainWithStringKey
{
    /// <summary>Starts the session, or replaces its ticket when the sign-in is renewed (sliding expiry).</summary>
    [Alias("keep")]
    Task Keep(byte[] ticket);

    /// <summary>The ticket, or null once the session ended (or never began).</summary>
    [Alias("ticket")]
    Task<byte[]?> Ticket();

    /// <summary>Ends the session: its stored ticket is cleared, so no silo accepts its cookie again.</summary>
    [Alias("end")]
    Task End();
}
