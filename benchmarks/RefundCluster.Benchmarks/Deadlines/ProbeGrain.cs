using System.Globalization;
using Orleans.Concurrency;
using RefundCluster.Grains.Deadlines;

namespace RefundCluster.Benchmarks.Deadlines;

/// <summary>A deadline target that only records when it was woken (key: the target's number).</summary>
public interface IProbeGrain : IDeadlineTarget
{
    /// <summary>Activates the probe ahead of the fire phase, so that wake-ups do not pay for activation.</summary>
    Task Warm();
}

/// <summary>
/// Records each wake-up in the process-wide <see cref="FireRecorder"/>. Reentrant: the benchmark measures the index's
/// firing, not a target's queue.
/// </summary>
[Reentrant]
public sealed class ProbeGrain : Grain, IProbeGrain
{
    private int _target;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _target = int.Parse(this.GetPrimaryKeyString(), NumberStyles.None, CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }

    public Task Warm() => Task.CompletedTask;

    public Task<bool> WakeUp(DateTimeOffset due)
    {
        FireRecorder.Current?.Record(_target, due, TimeProvider.System.GetUtcNow());
        return Task.FromResult(true);
    }
}
