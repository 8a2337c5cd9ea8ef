namespace RefundCluster.Grains.Sessions;

/// <summary>A dashboard session as stored.</summary>
public sealed class DashboardSessionGrainState
{
    /// <summary>The serialized sign-in ticket (who, and until when); null when the session ended.</summary>
    public byte[]? Ticket { get; set; }
}
