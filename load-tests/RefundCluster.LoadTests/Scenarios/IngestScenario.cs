namespace RefundCluster.LoadTests.Scenarios;

/// <summary>Pure ingestion: each iteration pays one new order (one event), spread over the shops.</summary>
public sealed class IngestScenario(ShopPicker shops, string runId, DataFeed? feed = null) : IScenario
{
    public string Name => "ingest";

    public string Description => $"one order.paid per iteration, {shops.Describe()}" + (feed is null ? "" : $"; SKUs and amounts: {feed.Describe()}");

    public ScenarioExpectations Expectations { get; } = new();

    public async Task Run(long iteration, Iteration context)
    {
        var shop = shops.ShopOf(runId, iteration);
        var order = $"o-{runId}-{iteration}";
        var item = feed?.Pick(iteration);
        await context.Post("order.paid", "v1/events", Events.Paid($"pay-{runId}-{iteration}", order, shop, item?.Amount ?? 30m, item?.Sku));
        if (context.Healthy)
        {
            Expectations.OrderPaid(shop);
        }
    }
}
