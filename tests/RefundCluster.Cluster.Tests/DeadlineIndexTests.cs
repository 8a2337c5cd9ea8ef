using Microsoft.Extensions.DependencyInjection;
using RefundCluster.Grains.Deadlines;

namespace RefundCluster.Cluster.Tests;

/// <summary>
/// An order's earliest deadline is told to its shard before the write that needs it; the entry it supersedes is
/// dropped soon after, batched with the silo's other drops, and never after the same entry was scheduled again.
/// Its own cluster, and a time bucket of its own for each order: no other entries share these shards.
/// </summary>
public sealed class DeadlineIndexTests(ClusterFixture fx) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_superseded_entry_leaves_its_shard_and_one_scheduled_again_at_once_stays()
    {
        var (s, stall) = await ShippedOrder();
        var stallShard = Shard(s, stall);
        Assert.Equal(1, await stallShard.PendingCount());

        // The seller-response deadline (48 h) comes before the stall (3 d): it is scheduled, the stall entry dropped.
        var refundId = await s.RequestRefund(300m);
        var response = (await s.RefundView(refundId)).Deadlines.Single(d => d.Kind == DeadlineKind.SellerResponse).Due;
        var responseShard = Shard(s, response);
        Assert.Equal(1, await responseShard.PendingCount());
        await Wait.Until(stallShard.PendingCount, n => n == 0, "the superseded stall entry to leave its shard");

        // Asked for again and dropped again within the batching delay: the drop of the response entry goes, and the
        // stall entry, scheduled again before an older drop of it could overtake it, stays.
        await s.Accept(s.ApproveEvent(refundId));
        await Task.Delay(DeadlineIndex.CancelDelay * 3, TestContext.Current.CancellationToken);
        await Wait.Until(responseShard.PendingCount, n => n == 0, "the response entry to leave its shard");
        Assert.Equal(1, await stallShard.PendingCount());
        Assert.Equal(stall, (await s.OrderView()).Deadlines.Min(d => d.Due));
    }

    [Fact]
    public async Task A_scheduled_entry_is_not_dropped_by_a_drop_of_it_still_waiting_to_go()
    {
        var (s, stall) = await ShippedOrder();
        var index = fx.Cluster.Silos[0].ServiceProvider.GetRequiredService<DeadlineIndex>();
        var order = s.Order.GetGrainId();

        index.CancelLater(order, stall, heldByTarget: true);
        await index.Schedule(order, stall, heldByTarget: true);
        await Task.Delay(DeadlineIndex.CancelDelay * 3, TestContext.Current.CancellationToken);

        Assert.Equal(1, await Shard(s, stall).PendingCount());
    }

    /// <summary>
    /// A shipped order: its earliest deadline is the logistics stall, 3 days out. The clock first moves a bucket on, so
    /// that no other test's entries share its shards.
    /// </summary>
    private async Task<(Scenario Order, DateTimeOffset Stall)> ShippedOrder()
    {
        fx.Advance(new DeadlineOptions().BucketWidth);
        var s = new Scenario(fx);
        await s.Pay(500m);
        await s.Ship();
        return (s, (await s.OrderView()).Deadlines.Single(d => d.Kind == DeadlineKind.LogisticsStall).Due);
    }

    private IDeadlineShardGrain Shard(Scenario s, DateTimeOffset due) =>
        fx.Grains.GetGrain<IDeadlineShardGrain>(DeadlineShardKey.For(s.Order.GetGrainId(), due, new DeadlineOptions()));
}
