namespace RefundCluster.Cluster.Tests;

/// <summary>Refunds racing for one order's money: the order's reservations let no more than the paid amount out.</summary>
public abstract class ConcurrentRefundTests<TFixture>(TFixture fx) where TFixture : ClusterFixture
{
    [Fact]
    public async Task Concurrent_requests_above_the_paid_amount_reserve_no_more_than_paid()
    {
        var s = new Scenario(fx);
        await s.Pay(1000m);

        // 300 is above the 0秒退 cap: every winner stays open and holds a reservation. 3 of 5 fit in 1000.
        var outcomes = await RequestConcurrently(s, 300m, 5);

        AssertWinnersAndLosers(outcomes, expectedWinners: 3);
        var order = await s.OrderView();
        order.AssertMoneyInvariant();
        Assert.Equal(900m, order.ReservedAmount);
        Assert.Equal(100m, order.RefundableAmount);
    }

    [Fact]
    public async Task Concurrent_zero_second_refunds_never_refund_more_than_paid()
    {
        // Several orders, several times: the interleaving in which a loser's order is fully settled (and so closed)
        // between the loser's snapshot and its reservation is timing-dependent; this makes it happen somewhere.
        for (var round = 0; round < 4; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ZeroSecondRace()));
        }
    }

    /// <summary>100 is under the 0秒退 cap: every winner is refunded and settled at once, racing the other reservations.</summary>
    private async Task ZeroSecondRace()
    {
        var s = new Scenario(fx);
        await s.Pay(500m);

        var outcomes = await RequestConcurrently(s, 100m, 12);

        var order = await s.WaitForRefunded(500m);
        order.AssertMoneyInvariant();
        Assert.Equal(0m, order.RefundableAmount);
        AssertWinnersAndLosers(outcomes, expectedWinners: 5);
    }

    private static async Task<EventOutcome[]> RequestConcurrently(Scenario s, decimal amount, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => s.Send(s.RequestEvent(Scenario.NewRefundId(), amount)).AsTask()));

    private static void AssertWinnersAndLosers(EventOutcome[] outcomes, int expectedWinners)
    {
        Assert.Equal(expectedWinners, outcomes.Count(o => o.Status == OutcomeStatus.Accepted));
        Assert.All(outcomes.Where(o => o.Status != OutcomeStatus.Accepted), loser =>
        {
            Assert.Equal(OutcomeStatus.Rejected, loser.Status);
            Assert.Equal("refund.amount_exceeds_refundable", loser.Error?.Code);
        });
    }
}

public sealed class OneSiloConcurrentRefundTests(ClusterFixture fx)
    : ConcurrentRefundTests<ClusterFixture>(fx), IClassFixture<ClusterFixture>;

public sealed class TwoSiloConcurrentRefundTests(TwoSiloClusterFixture fx)
    : ConcurrentRefundTests<TwoSiloClusterFixture>(fx), IClassFixture<TwoSiloClusterFixture>;
