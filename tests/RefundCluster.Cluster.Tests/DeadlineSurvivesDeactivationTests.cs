using RefundCluster.Grains.Deadlines;
using RefundCluster.Domain.Policies;

namespace RefundCluster.Cluster.Tests;

/// <summary>
/// A deactivated refund grain has no timer; the deadline index (a time-bucket shard grain driven by its timer and its
/// reminder, both on the fake clock) must wake it. Nothing in these tests calls the refund grain after it is
/// deactivated, so only the index can have re-activated it: the proof is the order's money, which only the refund
/// grain settles.
/// </summary>
public abstract class DeadlineSurvivesDeactivationTests<TFixture>(TFixture fx) where TFixture : ClusterFixture
{
    private static readonly TimeSpan SellerResponse = ShopPolicy.PlatformDefault.Deadlines.SellerResponse;

    [Fact]
    public async Task Deadline_index_reactivates_a_deactivated_refund_and_the_timeout_refunds_it()
    {
        var s = new Scenario(fx);
        await s.Pay(500m);
        var refundId = await s.RequestRefund(500m);
        var refund = s.Refund(refundId);

        await fx.Cluster.DeactivateAsync(refund);
        Assert.False(fx.IsActive(refund), "the refund grain should be deactivated");

        // Deactivate the deadline's shard too, so that only its reminder can bring it back.
        var shard = fx.Grains.GetGrain<IDeadlineShardGrain>(DeadlineShardKey.For(refund.GetGrainId(), (await s.RefundView(refundId)).Deadlines.Min(d => d.Due), new DeadlineOptions()));
        // At least the refund's entry; the order's ship-promise deadline, due in the same bucket, can hash to the same shard.
        Assert.True(await shard.PendingCount() >= 1, "the refund's deadline should be in its shard");
        await fx.Cluster.DeactivateAsync(shard);
        fx.Advance(SellerResponse + TimeSpan.FromMinutes(1));

        // One big jump fires nothing for a reminder due 48 h out: the reminder service only schedules reminders inside its
        // loading window, which its list refresh (every RefreshReminderListPeriod, on the same fake clock) re-reads. As in
        // production, time has to keep flowing after the deadline: let a minute pass per poll.
        var order = await Wait.Until(s.OrderView, o => o.RefundedAmount == 500m, "the reminder to settle the refund",
            betweenPolls: () => fx.Advance(TimeSpan.FromMinutes(1)));
        order.AssertMoneyInvariant();
        Assert.True(fx.IsActive(refund), "only the reminder can have re-activated the refund grain");

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
