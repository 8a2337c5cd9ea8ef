namespace RefundCluster.Grains.Deadlines;

/// <summary>A grain that deadlines can wake. It must re-check its own deadlines: a wake-up may be early, late or repeated.</summary>
public interface IDeadlineTarget : IGrainWithStringKey
{
    Task WakeUp(DateTimeOffset due);
}
