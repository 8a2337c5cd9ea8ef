using RefundCluster.Contracts.Metrics;
using RefundCluster.Grains.Metrics;

namespace RefundCluster.Cluster.Tests;

/// <summary>
/// Shop aggregators fed by the stream must hold exactly what an independent recomputation over every refund and order
/// gives, for every window; and when the stream loses messages, a rebuild brings them back to it.
/// </summary>
public abstract class ShopMetricsTests<TFixture>(TFixture fx) where TFixture : ClusterFixture
{
    protected TFixture Fixture => fx;

    [Fact]
    public async Task Aggregators_match_a_recomputation_over_all_entities_after_a_random_run()
    {
        var run = new RandomShopRun(fx, seed: 4711);
        await run.Run(shops: 3, ordersPerShop: 25);
        // Let timers act too: seller silence, buyer escalation windows and 48 h return deadlines expire.
        fx.Advance(TimeSpan.FromHours(49));

        foreach (var shop in run.Shops)
        {
            await run.AssertAggregatorMatches(shop);
        }
    }
}

public sealed class ShopMetricsSingleSiloTests(ClusterFixture fx) : ShopMetricsTests<ClusterFixture>(fx), IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task The_leaderboard_lists_shops_reported_by_their_aggregators()
    {
        var a = new Scenario(Fixture);
        var b = new Scenario(Fixture);
        await a.Pay(100m);
        await b.Pay(100m);
        await b.RequestRefund(50m);

        var leaderboard = Fixture.Grains.GetGrain<ILeaderboardShardGrain>(LeaderboardShards.Of(b.ShopId));
        var top = await Wait.Until(
            () => leaderboard.Top(LeaderboardSort.Refunds, 200).AsTask(),
            shops => shops.Any(s => s.ShopId == b.ShopId && s.Refunds == 1),
            "shop b on the leaderboard with its refund",
            betweenPolls: () => Fixture.Advance(TimeSpan.FromSeconds(1)));
        Assert.Equal(1.0, top.Single(s => s.ShopId == b.ShopId).RefundRate);
        // Shops a and b may ride different facts streams: a's report is not ordered before b's.
        var shardOfA = Fixture.Grains.GetGrain<ILeaderboardShardGrain>(LeaderboardShards.Of(a.ShopId));
        await Wait.Until(
            () => shardOfA.Top(LeaderboardSort.Refunds, 200).AsTask(),
            shops => shops.Any(s => s.ShopId == a.ShopId && s.Refunds == 0 && s.PaidOrders == 1),
            "shop a on the leaderboard with its paid order and no refund",
            betweenPolls: () => Fixture.Advance(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Risk_lists_show_a_refund_near_its_seller_deadline_and_an_order_past_its_ship_promise()
    {
        var s = new Scenario(Fixture);
        await s.Pay(500m);
        var refundId = await s.RequestRefund(500m); // over the 0秒退 cap: waits for the seller, 48 h
        var shop = Fixture.Grains.GetGrain<IShopMetricsGrain>(s.ShopId);

        var early = await shop.GetRisks();
        Assert.DoesNotContain(early.NearSellerDeadline, i => i.RefundId == refundId);

        // 47 h 30 min later the seller has 30 minutes left; the unshipped order is not yet past its 48 h promise.
        Fixture.Advance(TimeSpan.FromHours(47.5));
        var near = await shop.GetRisks();
        Assert.Contains(near.NearSellerDeadline, i => i.RefundId == refundId && i.OrderId == s.OrderId);
        Assert.DoesNotContain(near.PastShipPromise, i => i.OrderId == s.OrderId);

        // A second order of the shop that is never shipped: past its promise once 48 h have gone by.
        var late = new Scenario(Fixture, s.ShopId);
        await late.Pay(20m);
        Fixture.Advance(TimeSpan.FromHours(49));
        // Meanwhile the seller-response timer approved the refund: it leaves the list.
        await Wait.Until(
            () => shop.GetRisks().AsTask(),
            r => r.PastShipPromise.Any(i => i.OrderId == late.OrderId) && r.NearSellerDeadline.All(i => i.RefundId != refundId),
            "late order on the risk list and the auto-approved refund off it",
            betweenPolls: () => Fixture.Advance(ClusterFixture.StreamPollStep));
    }
}

public sealed class ShopMetricsTwoSiloTests(TwoSiloClusterFixture fx) : ShopMetricsTests<TwoSiloClusterFixture>(fx), IClassFixture<TwoSiloClusterFixture>;

/// <summary>A cluster whose stream drops 40 % of messages on purpose, and whose aggregators never reconcile on their own.</summary>
public sealed class LossyStreamClusterFixture : ClusterFixture
{
    protected override void ConfigureShopMetrics(ShopMetricsOptions options)
    {
        options.DropRate = 0.4;
        options.ReconcileInterval = TimeSpan.FromDays(40);
    }
}

public sealed class ShopMetricsConvergenceTests(LossyStreamClusterFixture fx) : IClassFixture<LossyStreamClusterFixture>
{
    [Fact]
    public async Task A_rebuild_repairs_what_a_lossy_stream_lost()
    {
        var run = new RandomShopRun(fx, seed: 99);
        await run.Run(shops: 2, ordersPerShop: 25);
        // Let the agents deliver what the stream kept, so that the rebuild below has only the losses to repair.
        for (var poll = 0; poll < 20; poll++)
        {
            fx.Advance(ClusterFixture.StreamPollStep);
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        var corrections = 0;
        foreach (var shop in run.Shops)
        {
            var aggregator = fx.Grains.GetGrain<IShopMetricsGrain>(shop);
            var result = await aggregator.Rebuild();
            Assert.Equal(run.RefundCount(shop), result.RefundsRead);
            Assert.Equal(25, result.OrdersRead);
            corrections += result.Corrections;
            var status = await fx.Grains.GetGrain<IShopMetricsInspection>(shop).GetStatus();
            Assert.Equal(run.RefundCount(shop), status.Refunds);
        }

        // With 40 % of some 300 messages dropped, the rebuild must have found stale or missing facts.
        Assert.True(corrections > 0, "a rebuild after a lossy stream should correct something");
        foreach (var shop in run.Shops)
        {
            await run.AssertAggregatorMatches(shop);
        }
    }
}

/// <summary>A cluster whose stream refuses half of all publications, as a full queue would, and never reconciles.</summary>
public sealed class RefusingStreamClusterFixture : ClusterFixture
{
    protected override void ConfigureShopMetrics(ShopMetricsOptions options)
    {
        options.RefuseRate = 0.5;
        options.ReconcileInterval = TimeSpan.FromDays(40);
    }
}

public sealed class ShopMetricsBackPressureTests(RefusingStreamClusterFixture fx) : IClassFixture<RefusingStreamClusterFixture>
{
    [Fact]
    public async Task A_refused_publication_never_fails_the_event_and_is_retried_until_the_metrics_are_exact()
    {
        var run = new RandomShopRun(fx, seed: 7);
        await run.Run(shops: 2, ordersPerShop: 15); // every payment and refund request asserted accepted

        // The entities retry refused publications on grain timers (the fake clock), from 2 s backing off to a minute;
        // with half refused, 45 one-minute rounds leave an entity unpublished with probability about 2^-45.
        for (var round = 0; round < 45; round++)
        {
            fx.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        foreach (var shop in run.Shops)
        {
            await run.AssertAggregatorMatches(shop);
            Assert.Equal(0, (await fx.Grains.GetGrain<IShopMetricsGrain>(shop).Rebuild()).Corrections);
        }
    }
}
