namespace RefundCluster.Grains.Changes;

/// <summary>The change log's settings (configuration section <c>ChangeLog</c>).</summary>
public sealed class ChangeLogOptions
{
    public const string Section = "ChangeLog";

    /// <summary>How many changes the embedded mode's in-memory log keeps at least (the oldest go first, an eighth at a time).</summary>
    public int MemoryCapacity { get; set; } = 1_000_000;
}
