namespace RefundCluster.LoadTests.Scenarios;

/// <summary>
/// Shop services reading live state while ingestion runs: one iteration in four pays an order and refunds it at once
/// (0秒退); the others read a shop's metrics (rotating windows), its risk list, an order, or the leaderboard.
/// </summary>
public sealed class ShopQueriesScenario(ShopPicker shops, string runId, DataFeed? feed = null) : IScenario
{
    private static readonly string[] Windows = ["5m", "1h", "24h", "30d"];

    /// <summary>Orders are read this many iterations after they were paid, long after their payment was answered.</summary>
    private const long OrderLag = 400;

    public string Name => "shop-queries";

    public string Description => $"75 % reads (metrics, risks, orders, leaderboard), 25 % 0秒退 refunds, {shops.Describe()}" + (feed is null ? "" : $"; SKUs: {feed.Describe()}");

    public ScenarioExpectations Expectations { get; } = new();

    public async Task Run(long iteration, Iteration context)
    {
        var shop = shops.ShopOf(runId, iteration);
        if (iteration % 4 == 0)
        {
            var order = $"o-{runId}-{iteration}";
            var refund = $"r-{runId}-{iteration}";
            await context.Post("order.paid", "v1/events", Events.Paid($"pay-{runId}-{iteration}", order, shop, 49m, feed?.Pick(iteration).Sku));
            if (!context.Healthy)
            {
                return;
            }

            Expectations.OrderPaid(shop);
            await context.Post("refund.requested", "v1/events", Events.Refund("refund.requested", $"req-{runId}-{iteration}", order, refund,
                ("refundKind", "refund_only"), ("reason", "changed_mind"), ("amount", 49m)));
            if (context.Healthy)
            {
                Expectations.RefundRequested(shop);
                Expectations.Expect(refund, shop, "succeeded");
            }

            return;
        }

        _ = (iteration % 4) switch
        {
            1 => await context.Get("query.metrics", $"v1/shops/{shop}/metrics?window={Windows[iteration / 4 % Windows.Length]}"),
            2 => await context.Get("query.risks", $"v1/shops/{shop}/risks"),
            _ => iteration % 8 == 3 || iteration < OrderLag
                ? await context.Get("query.leaderboard", "v1/metrics/shops?sort=refunds&top=10")
                : await context.Get("query.order", $"v1/orders/o-{runId}-{(iteration - OrderLag) / 4 * 4}"),
        };
    }
}
