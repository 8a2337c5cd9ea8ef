namespace RefundCluster.LoadTests.Scenarios;

/// <summary>Pure ingestion: each iteration pays one new order (one event), spread over the shops.</summary>
public sealed class IngestScenario(ShopPicker shops, string runId) : IScenario
{
    public string Name => "ingest";

    public string Description => $"one order.paid per iteration, {shops.Describe()}";

    public ScenarioLedger Ledger { get; } = new();

    public async Task Run(long iteration, Iteration context)
    {
        var shop = shops.ShopOf(runId, iteration);
        var order = $"o-{runId}-{iteration}";
        await context.Post("order.paid", "v1/events", Events.Paid($"pay-{runId}-{iteration}", order, shop, 30m));
        if (context.Healthy)
        {
            Ledger.OrderPaid(shop);
        }
    }
}
