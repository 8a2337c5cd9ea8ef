using RefundCluster.Grains.Payouts;

namespace RefundCluster.Cluster.Tests;

/// <summary>Money a refund sends back becomes exactly one payout row, which the dispatcher hands to the gateway.</summary>
public abstract class PayoutTests<TFixture>(TFixture fx) where TFixture : ClusterFixture
{
    [Fact]
    public async Task A_zero_second_refund_records_one_payout_which_the_dispatcher_pays()
    {
        var s = new Scenario(fx);
        await s.Pay(80m);
        var refundId = await s.RequestRefund(80m);

        // The event is acknowledged only after the payout row exists.
        var recorded = await fx.Payouts.Find($"{refundId}:payout");
        Assert.NotNull(recorded);
        Assert.Equal(80m, recorded.Request.Amount);
        Assert.Equal(s.OrderId, recorded.Request.OrderId);
        Assert.Equal(s.ShopId, recorded.Request.ShopId);

        var paid = await Wait.Until(() => fx.Payouts.Find($"{refundId}:payout"), p => p!.Status == PayoutStatus.Paid, "the dispatcher to pay");
        Assert.StartsWith("sim-", paid!.GatewayReference);
        Assert.Equal(1, paid.Attempts);
    }

    [Fact]
    public async Task A_refund_that_sends_no_money_back_records_no_payout()
    {
        var s = new Scenario(fx);
        await s.Pay(800m); // above the 0秒退 cap: the refund waits for the seller
        var refundId = await s.RequestRefund(800m);
        await s.Accept(new RefundCancelledEvent { EventId = Scenario.NewEventId(), OrderId = s.OrderId, RefundId = refundId });

        await s.WaitForOrder(o => o.ReservedAmount == 0m, "the cancelled refund to release its reservation");
        Assert.Null(await fx.Payouts.Find($"{refundId}:payout"));
    }

    [Fact]
    public async Task Recording_a_key_again_with_other_content_is_refused_not_overwritten()
    {
        var store = new MemoryPayoutStore();
        var first = new PayoutRequest("r-1:payout", "r-1", "o-1", "shop-1", 50m, ClusterFixture.Epoch);
        await store.Record([first]);
        await store.Record([first]); // the same payout again is a no-op

        var conflict = await Assert.ThrowsAsync<PayoutConflictException>(() => store.Record([first with { Amount = 60m }]));
        Assert.Equal(50m, conflict.Stored.Amount);
        Assert.Equal(50m, (await store.Find("r-1:payout"))!.Request.Amount);
    }
}

public sealed class OneSiloPayoutTests(ClusterFixture fx) : PayoutTests<ClusterFixture>(fx), IClassFixture<ClusterFixture>;

public sealed class TwoSiloPayoutTests(TwoSiloClusterFixture fx) : PayoutTests<TwoSiloClusterFixture>(fx), IClassFixture<TwoSiloClusterFixture>;
