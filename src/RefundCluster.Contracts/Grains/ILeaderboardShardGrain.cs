using System.Collections.Immutable;
using RefundCluster.Contracts.Metrics;

namespace RefundCluster.Contracts.Grains;

/// <summary>
/// One slice of the platform leaderboard (shops hashed over <see cref="LeaderboardShards.Count"/> shards). Shop
/// aggregators report their summary here; nothing else writes, so no grain sees every event.
/// </summary>
[Alias("RefundCluster.ILeaderboardShardGrain")]
public interface ILeaderboardShardGrain : IGrainWithIntegerKey
{
    [Alias("report")]
    Task Report(ShopSummary summary);

    [Alias("top")]
    ValueTask<ImmutableArray<ShopSummary>> Top(LeaderboardSort sort, int count);
}

public static class LeaderboardShards
{
    public const int Count = 16;

    /// <summary>A stable hash (FNV-1a): every silo must send a shop to the same shard.</summary>
    public static int Of(string shopId)
    {
        var hash = 2166136261u;
        foreach (var c in shopId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Count);
    }
}
