using System.Collections.Concurrent;

namespace RefundCluster.Grains.Payouts;

/// <summary>
/// Hands the local dispatcher the payouts this silo just recorded (it pays them from memory, without a lease), and
/// wakes it early instead of waiting for its next poll.
/// </summary>
public sealed class PayoutSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly ConcurrentQueue<PayoutRequest> _fresh = new();

    public void Notify(IEnumerable<PayoutRequest>? recorded = null)
    {
        foreach (var payout in recorded ?? [])
        {
            _fresh.Enqueue(payout);
        }

        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); } catch (SemaphoreFullException) { } // already signalled by a racing caller
        }
    }

    /// <summary>Takes up to <paramref name="max"/> of the payouts recorded here since the last call.</summary>
    public List<PayoutRequest> TakeFresh(int max)
    {
        var taken = new List<PayoutRequest>(Math.Min(max, _fresh.Count));
        while (taken.Count < max && _fresh.TryDequeue(out var payout))
        {
            taken.Add(payout);
        }

        return taken;
    }

    public Task Wait(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
