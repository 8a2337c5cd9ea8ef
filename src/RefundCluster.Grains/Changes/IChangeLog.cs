using RefundCluster.Contracts.Changes;

namespace RefundCluster.Grains.Changes;

/// <summary>
/// The durable, ordered log of every order and refund change (PostgreSQL in durable mode, this process in the embedded
/// mode). Reading is at-least-once and in order per entity: a page never skips a change that commits later with a
/// smaller cursor.
/// </summary>
public interface IChangeLog
{
    /// <summary>
    /// True when <see cref="Read"/> with one shop costs that shop's changes, not the whole log's (an index by shop):
    /// then a shop's aggregator checks its book against the shop's changes instead of re-reading its open orders.
    /// </summary>
    bool IndexedByShop => false;

    /// <summary>Appends changes after their state was written, for storages that cannot write them with it.</summary>
    void Append(IReadOnlyList<PendingChange> changes);

    /// <exception cref="ChangesDroppedException">The log no longer holds every change after the query's cursor (embedded mode).</exception>
    Task<IReadOnlyList<ChangeRecord>> Read(ChangeQuery query, CancellationToken cancel);

    /// <summary>The cursor a reader starting now begins after (nothing at or below it can still appear).</summary>
    Task<long> Latest(CancellationToken cancel);

    /// <summary>The latest change of each of a shop's orders and refunds (what its lists start from).</summary>
    Task<ShopLatestChanges> LatestOfShop(string shopId, CancellationToken cancel);
}
