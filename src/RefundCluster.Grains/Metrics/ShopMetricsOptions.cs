namespace RefundCluster.Grains.Metrics;

/// <summary>Shop aggregators and their stream (section <c>ShopMetrics</c>).</summary>
public sealed class ShopMetricsOptions
{
    public const string Section = "ShopMetrics";

    /// <summary>
    /// How often an aggregator repairs whatever the stream lost: in durable mode it reads its shop's changes since its
    /// last pass from the change log and re-reads the orders it holds an older version of; in the embedded mode it
    /// re-reads its open entities (orders not settled in its book, and those with a refund still open). Each
    /// aggregator's first pass comes at a random point of the first interval, so the shops of a silo do not all read at once.
    /// </summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often an aggregator that changed reports its summary to the leaderboard.</summary>
    public TimeSpan LeaderboardInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>An unchanged aggregator still reports this often, so a lost leaderboard shard fills up again.</summary>
    public TimeSpan LeaderboardHeartbeat { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many entity reads a rebuild keeps in flight.</summary>
    public int RebuildConcurrency { get; set; } = 64;

    /// <summary>Chaos switch for tests and drills: the share of publications silently dropped (0 in production).</summary>
    public double DropRate { get; set; }

    /// <summary>Chaos switch: the share of publications refused as if the queue were full (0 in production).</summary>
    public double RefuseRate { get; set; }

    /// <summary>
    /// Facts streams the shops are spread over (by a hash of the shop id). Each message carries the facts of all its
    /// shops that changed meanwhile. Every silo must use the same number.
    /// </summary>
    public int FactStreams { get; set; } = 32;

    /// <summary>Memory-stream queues (each a queue grain holding up to 16,384 messages).</summary>
    public int StreamQueues { get; set; } = 8;

    /// <summary>
    /// How long the stream cache keeps a delivered message (Orleans' default is up to 30 minutes, for consumers that
    /// rewind; aggregators never do). A consumer more than this behind misses messages, which its reconciliation repairs.
    /// </summary>
    public TimeSpan StreamCacheAge { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the pulling agents poll each queue: most of the stream lag, and a cost per queue.</summary>
    public TimeSpan StreamPollPeriod { get; set; } = TimeSpan.FromMilliseconds(25);
}
