using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Metrics;

namespace RefundCluster.Grains.Metrics;

/// <summary>
/// Holds the latest summary of the shops hashed to it. In memory: shop aggregators re-report at least every
/// <see cref="ShopMetricsOptions.LeaderboardHeartbeat"/>, so a lost shard fills up again on its own, and a line not
/// renewed for three heartbeats (its aggregator gone, its 24 h empty) leaves the board.
/// </summary>
public sealed class LeaderboardShardGrain(
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider time,
    IOptions<ShopMetricsOptions> options) : Grain, ILeaderboardShardGrain
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

    public ValueTask<ImmutableArray<ShopSummary>> Top(LeaderboardSort sort, int count)
    {
        var staleBefore = time.GetUtcNow() - (3 * options.Value.LeaderboardHeartbeat);
        foreach (var stale in _shops.Values.Where(s => s.AsOf < staleBefore).Select(s => s.ShopId).ToList())
        {
            _shops.Remove(stale);
        }

        return ValueTask.FromResult<ImmutableArray<ShopSummary>>([.. _shops.Values.Rank(sort).Take(count)]);
    }
}
