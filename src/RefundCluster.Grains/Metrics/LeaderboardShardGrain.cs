using System.Collections.Immutable;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Metrics;

namespace RefundCluster.Grains.Metrics;

/// <summary>
/// Holds the latest summary of the shops hashed to it. In memory: shop aggregators re-report at least every
/// <see cref="ShopMetricsOptions.LeaderboardHeartbeat"/>, so a lost shard fills up again on its own.
/// </summary>
public sealed class LeaderboardShardGrain : Grain, ILeaderboardShardGrain
{
    private readonly Dictionary<string, ShopSummary> _shops = new(StringComparer.Ordinal);

    public Task Report(ShopSummary summary)
    {
        if (!_shops.TryGetValue(summary.ShopId, out var known) || known.AsOf <= summary.AsOf)
        {
            _shops[summary.ShopId] = summary;
        }

        return Task.CompletedTask;
    }

    public ValueTask<ImmutableArray<ShopSummary>> Top(LeaderboardSort sort, int count) =>
        ValueTask.FromResult<ImmutableArray<ShopSummary>>([.. _shops.Values.Rank(sort).Take(count)]);
}
