namespace RefundCluster.Grains.Deadlines;

/// <summary>A grain that deadlines can wake. It must re-check its own deadlines: a wake-up may be early, late or repeated.</summary>
public interface IDeadlineTarget : IGrainWithStringKey
{
    /// <returns>
    /// False if the target still relies on this very entry (it woke up before the deadline was due by the target's
    /// clock): the shard keeps the entry and tries again shortly, instead of dropping a deadline nobody will fire.
    /// </returns>
    Task<bool> WakeUp(DateTimeOffset due);
}
