using RefundCluster.Domain.Metrics;

namespace RefundCluster.Cluster.Tests.Support;

/// <summary>
/// Drives random order and refund lifecycles through the grains (many events are refused, which must change nothing),
/// with the clock moving between steps, and can recompute every shop's metrics independently from the entities.
/// </summary>
public sealed class RandomShopRun(ClusterFixture fixture, int seed)
{
    private readonly Random _random = new(seed);
    private readonly Dictionary<string, List<string>> _ordersByShop = [];
    private readonly Dictionary<string, List<string>> _refundsByShop = [];

    public IReadOnlyCollection<string> Shops => _ordersByShop.Keys;

    public async Task Run(int shops, int ordersPerShop)
    {
        var shopIds = Enumerable.Range(0, shops).Select(_ => Scenario.Unique("shop")).ToList();
        foreach (var shop in shopIds)
        {
            _ordersByShop[shop] = [];
            _refundsByShop[shop] = [];
        }

        for (var i = 0; i < ordersPerShop; i++)
        {
            await Task.WhenAll(shopIds.Select(shop => OneOrder(new Scenario(fixture, shop))));
            fixture.Advance(TimeSpan.FromMinutes(_random.Next(0, 20)));
        }
    }

    private async Task OneOrder(Scenario s)
    {
        _ordersByShop[s.ShopId].Add(s.OrderId);
        await s.Pay(Pick(50m, 150m, 400m));
        var phase = _random.Next(3);
        if (phase >= 1)
        {
            await s.Ship();
        }

        if (phase == 2)
        {
            await s.Deliver();
        }

        if (_random.NextDouble() < 0.2)
        {
            return; // an order without a refund
        }

        var refundId = Scenario.NewRefundId();
        var kind = phase == 2 && _random.Next(2) == 0 ? RefundKind.ReturnAndRefund : RefundKind.RefundOnly;
        var reason = phase switch
        {
            0 => Pick(RefundReason.ChangedMind, RefundReason.OutOfStock),
            1 => Pick(RefundReason.ParcelNotArriving, RefundReason.ChangedMind),
            _ => Pick(RefundReason.QualityDefect, RefundReason.SevenDayNoReason, RefundReason.NotAsDescribed, RefundReason.Size),
        };
        var outcome = await s.Send(s.RequestEvent(refundId, Pick(20m, 50m, 300m), kind, reason));
        if (outcome.Status != OutcomeStatus.Accepted)
        {
            return;
        }

        _refundsByShop[s.ShopId].Add(refundId);
        for (var step = _random.Next(0, 6); step > 0; step--)
        {
            await s.Send(RandomStep(s, refundId));
        }
    }

    private RefundIntegratorEvent RandomStep(Scenario s, string refundId)
    {
        var id = Scenario.NewEventId();
        return _random.Next(11) switch
        {
            0 => s.ApproveEvent(refundId, "Hangzhou warehouse 3") with { EventId = id },
            1 => new RefundRefusedEvent { EventId = id, OrderId = s.OrderId, RefundId = refundId, Reason = "used item" },
            2 => new RefundCancelledEvent { EventId = id, OrderId = s.OrderId, RefundId = refundId },
            3 => new InterventionRequestedEvent { EventId = id, OrderId = s.OrderId, RefundId = refundId },
            4 => new InterventionStartedEvent { EventId = id, OrderId = s.OrderId, RefundId = refundId },
            5 => new RefundJudgedEvent { EventId = id, OrderId = s.OrderId, RefundId = refundId, Winner = Pick(JudgmentWinner.Buyer, JudgmentWinner.Seller), MerchantResponsible = _random.Next(2) == 0 },
            6 => new ReturnShippedEvent { EventId = id, OrderId = s.OrderId, RefundId = refundId, TrackingNumber = "YT-1" },
            7 => new ReturnSignedEvent { EventId = id, OrderId = s.OrderId, RefundId = refundId },
            8 => new InterceptionRequestedEvent { EventId = id, OrderId = s.OrderId, RefundId = refundId },
            9 => new InterceptionSucceededEvent { EventId = id, OrderId = s.OrderId, RefundId = refundId },
            _ => new InterceptionFailedEvent { EventId = id, OrderId = s.OrderId, RefundId = refundId },
        };
    }

    /// <summary>
    /// The shop's metrics recomputed from the entities' own state (each order's facts and its refunds', as the aggregator
    /// reads them back), at the aggregator's moment.
    /// </summary>
    public async Task<ShopMetrics> Recompute(string shop, MetricWindow window, DateTimeOffset asOf)
    {
        var facts = await Task.WhenAll(_ordersByShop[shop].Select(id => fixture.Grains.GetGrain<IOrderGrain>(id).GetFacts().AsTask()));
        return ShopMetricsCalculator.Compute(facts.SelectMany(f => f!.Refunds), facts.Select(f => f!.Order), window, asOf);
    }

    public int RefundCount(string shop) => _refundsByShop[shop].Count;

    /// <summary>For every window, the shop's aggregator catches up with the recomputation and then equals it exactly.</summary>
    public async Task AssertAggregatorMatches(string shop)
    {
        var aggregator = fixture.Grains.GetGrain<IShopMetricsGrain>(shop);
        foreach (var window in MetricWindows.All)
        {
            // Stream delivery is asynchronous (and its agents poll on the grains' fake clock, so the clock moves a
            // little between polls): wait until the aggregator has caught up, then insist on equality. On a timeout,
            // the equality assertion shows what differs.
            var giveUp = DateTime.UtcNow + Wait.DefaultTimeout;
            while (true)
            {
                var view = await aggregator.GetMetrics(window);
                var expected = await Recompute(shop, window, view.Metrics.AsOf);
                if (Same(expected, view.Metrics) || DateTime.UtcNow > giveUp)
                {
                    AssertSame(expected, view.Metrics);
                    break;
                }

                await Task.Delay(20, TestContext.Current.CancellationToken);
                fixture.Advance(ClusterFixture.StreamPollStep);
            }
        }

        var thirtyDays = (await aggregator.GetMetrics(MetricWindow.ThirtyDays)).Metrics;
        Assert.Equal(RefundCount(shop), thirtyDays.Refunds);
        Assert.Equal(_ordersByShop[shop].Count, thirtyDays.PaidOrders);
    }

    private static bool Same(ShopMetrics expected, ShopMetrics actual)
    {
        try
        {
            AssertSame(expected, actual);
            return true;
        }
        catch (Xunit.Sdk.XunitException)
        {
            return false;
        }
    }

    private static void AssertSame(ShopMetrics expected, ShopMetrics actual) =>
        Assert.Equivalent(expected with { AsOf = default }, actual with { AsOf = default }, strict: true);

    private T Pick<T>(params T[] values) => values[_random.Next(values.Length)];
}
