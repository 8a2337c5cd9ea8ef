using RefundCluster.Grains.Deadlines;
using RefundCluster.Domain.Policies;

namespace RefundCluster.Cluster.Tests;

/// <summary>
/// A deactivated order grain (which holds its refunds) has no timer; the deadline index (a time-bucket shard grain
/// driven by its timer and its reminder, both on the fake clock) must wake it. Nothing in these tests calls the order
/// grain after it is deactivated, so only the index can have re-activated it: the proof is the order's money, which
/// only the refund's timeout settles.
/// </summary>
public abstract class DeadlineSurvivesDeactivationTests<TFixture>(TFixture fx) where TFixture : ClusterFixture
{
    private static readonly TimeSpan SellerResponse = ShopPolicy.PlatformDefault.Deadlines.SellerResponse;

    [Fact]
    public async Task Deadline_index_reactivates_a_deactivated_order_and_the_refund_timeout_refunds_it()
    {
        var s = new Scenario(fx);
        await s.Pay(500m);
        var refundId = await s.RequestRefund(500m);
        var due = (await s.RefundView(refundId)).Deadlines.Min(d => d.Due);

        await fx.Cluster.DeactivateAsync(s.Order);
        Assert.False(fx.IsActive(s.Order), "the order grain should be deactivated");

        // Deactivate the deadline's shard too, so that only its reminder can bring it back.
        var shard = fx.Grains.GetGrain<IDeadlineShardGrain>(DeadlineShardKey.For(s.Order.GetGrainId(), due, new DeadlineOptions()));
        // At least the order's entry; other tests' orders due in the same bucket can hash to the same shard.
        Assert.True(await shard.PendingCount() >= 1, "the order's deadline should be in its shard");
        await fx.Cluster.DeactivateAsync(shard);
        fx.Advance(SellerResponse + TimeSpan.FromMinutes(1));

        // Nothing reads the order until it is active again, so only the shard (woken by its reminder) can activate it.
        // One big jump fires nothing for a reminder due 48 h out: the reminder service only schedules reminders inside
        // its loading window, which its list refresh (every RefreshReminderListPeriod, on the same fake clock)
        // re-reads. As in production, time has to keep flowing after the deadline: let a minute pass per poll.
        await Wait.Until(() => Task.FromResult(fx.IsActive(s.Order)), active => active, "the reminder to re-activate the order",
            betweenPolls: () => fx.Advance(TimeSpan.FromMinutes(1)));

        var order = await s.WaitForRefunded(500m);
        order.AssertMoneyInvariant();
        var view = await s.RefundView(refundId);
        Assert.Equal(RefundStatus.Succeeded, view.Status);
        Assert.Equal(Automation.Timeout, view.Automation);
        Assert.Equal(Actor.System, view.SinglePayout().Actor);
    }
}

public sealed class OneSiloDeadlineSurvivesDeactivationTests(ClusterFixture fx)
    : DeadlineSurvivesDeactivationTests<ClusterFixture>(fx), IClassFixture<ClusterFixture>;

public sealed class TwoSiloDeadlineSurvivesDeactivationTests(TwoSiloClusterFixture fx)
    : DeadlineSurvivesDeactivationTests<TwoSiloClusterFixture>(fx), IClassFixture<TwoSiloClusterFixture>;
