namespace RefundCluster.Grains.Payouts;

/// <summary>
/// The payout table. A row per key, unique by construction; the dispatcher leases due rows, so that several silos can
/// dispatch without handing the same row to the gateway at the same time.
/// </summary>
public interface IPayoutStore
{
    /// <summary>Inserts each request unless its key exists; throws <see cref="PayoutConflictException"/> if it exists with other content.</summary>
    Task Record(IReadOnlyList<PayoutRequest> requests);

    /// <summary>
    /// Leases up to <paramref name="max"/> pending rows whose retry time has come, for <paramref name="lease"/>: rows
    /// that failed before, and rows recorded before <paramref name="orphanedBefore"/> (their silo should have paid
    /// them from memory by then, so it may have died). Fresh rows are left to the silo that recorded them.
    /// </summary>
    Task<IReadOnlyList<PayoutRecord>> LeaseDue(int max, TimeSpan lease, DateTimeOffset now, DateTimeOffset orphanedBefore);

    /// <summary>Marks many rows paid in one write; a row already paid is left as it is.</summary>
    Task MarkPaid(IReadOnlyList<PaidPayout> paid);

    Task MarkFailed(string key, string error, DateTimeOffset retryAt);

    Task<PayoutRecord?> Find(string key);
}
