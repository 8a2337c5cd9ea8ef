namespace RefundCluster.Grains.Payouts;

/// <summary>How the payout dispatcher polls, leases and retries. Bound from the "Payouts" section.</summary>
public sealed class PayoutOptions
{
    public const string Section = "Payouts";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long the dispatcher lets fresh payouts gather before a round, so that one round's acknowledgements are marked
    /// in one write. Payouts go after the refund was answered: this delays the money, not the answer.
    /// </summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(25);
    public int BatchSize { get; set; } = 200;

    /// <summary>A leased row not acknowledged within this time is handed out again (its dispatcher may have died).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A pending row recorded this long ago, never tried, is taken to be left behind by a silo that died before paying
    /// it, and is leased by any dispatcher. Younger rows are paid from memory by the silo that recorded them.
    /// </summary>
    public TimeSpan OrphanAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gateway calls in flight per silo.</summary>
    public int Concurrency { get; set; } = 32;
}
