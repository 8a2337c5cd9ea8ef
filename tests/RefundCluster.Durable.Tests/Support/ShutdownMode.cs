namespace RefundCluster.Durable.Tests.Support;

/// <summary>How <c>pg_ctl stop</c> ends the server.</summary>
public enum ShutdownMode
{
    /// <summary>Ends every session (57P01 to each), writes a checkpoint, stops.</summary>
    Fast,

    /// <summary>Kills the server processes outright, as a crash would; the next start runs crash recovery.</summary>
    Immediate,
}
