using RefundCluster.Grains.Deadlines;
using RefundCluster.Grains.Idempotency;

namespace RefundCluster.Grains;

/// <summary>What an order or refund grain persists: the domain state, the eventIds it accepted, and its reminder.</summary>
public class EntityGrainState<TState> : IIndexedDeadlineState where TState : class
{
    public TState? Entity { get; set; }
    public IdempotencyLedger Ledger { get; set; } = new();
    public DateTimeOffset? IndexedDue { get; set; }
    /// <summary>Registered in the shop directory (done once, before the first write).</summary>
    public bool InShopDirectory { get; set; }
}
