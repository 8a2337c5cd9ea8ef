namespace RefundCluster.Grains.Recording;

/// <summary>The recording of accepted inputs (configuration section <c>Recording</c>).</summary>
public sealed class RecordingOptions
{
    public const string Section = "Recording";

    /// <summary>Off: nothing is recorded, and a what-if has nothing to replay.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a line is kept.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(60);

    /// <summary>How often lines past <see cref="Retention"/> are deleted.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The embedded mode keeps at most this many lines in memory, the oldest going first (a line is about 800 bytes there:
    /// the default holds about 80 MB, some 37,000 lifecycles; durable mode keeps <see cref="Retention"/> in PostgreSQL).
    /// </summary>
    public int MemoryCapacity { get; set; } = 100_000;
}
