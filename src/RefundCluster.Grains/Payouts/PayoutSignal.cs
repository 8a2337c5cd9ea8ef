namespace RefundCluster.Grains.Payouts;

/// <summary>Wakes the local dispatcher early when a payout was just recorded, instead of waiting for its next poll.</summary>
public sealed class PayoutSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); } catch (SemaphoreFullException) { } // already signalled by a racing caller
        }
    }

    public Task Wait(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
