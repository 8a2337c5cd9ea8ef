using System.Text.RegularExpressions;

namespace RefundCluster.Durable.Tests;

/// <summary>
/// The periodic reconciliation of a shop's metrics in durable mode: with a stream that loses every message, it still
/// finds each change in the change log, and over a quiet shop it reads nothing back, however many of its orders stay
/// open (refused refunds leave their orders open for the buyer; reading those back on every pass made a day's load
/// re-activate a growing set of orders every 10 minutes).
/// </summary>
[Collection(DurableCollection.Name)]
public sealed partial class ShopReconciliationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pass_finds_what_the_stream_lost_in_the_change_log_and_reads_back_nothing_else()
    {
        await using var database = await TestDatabase.Create();
        await database.ApplySchema();
        await using var cluster = await DurableCluster.Start(database, silos: 1, timeScale: 1,
            ["--ShopMetrics:DropRate=1", "--ShopMetrics:ReconcileInterval=00:00:02"]);
        using var http = TestCredentials.Admin.NewClient(cluster.Endpoint(0), TimeSpan.FromSeconds(30));
        var shop = "shop-reconcile-" + Guid.NewGuid().ToString("N")[..8];

        // Eight paid orders; six refunds refused by the seller (open for the buyer), none of it ever on the stream.
        for (var i = 0; i < 8; i++)
        {
            await ShopEvents.Send(http, ShopEvents.Paid(shop, i, 500m), Cancel);
        }

        for (var i = 0; i < 6; i++)
        {
            await ShopEvents.Send(http, ShopEvents.Refund("refund.requested", shop, i, ("refundKind", "refund_only"), ("reason", "out_of_stock"), ("amount", 300m)), Cancel);
            await ShopEvents.Send(http, ShopEvents.Refund("refund.refused", shop, i, ("reason", "used")), Cancel);
        }

        // The first read activates the aggregator, which loads the shop from its orders.
        await WaitForRefunds(http, shop, 6);
        var quiet = await Reconciliation(http);
        while ((await Reconciliation(http)).Passes < quiet.Passes + 3)
        {
            await Task.Delay(200, Cancel);
        }

        var afterQuiet = await Reconciliation(http);
        Assert.Equal(quiet.Reads, afterQuiet.Reads);

        // A new refund, lost by the stream: a pass finds it in the change log and reads back its order, and only it.
        await ShopEvents.Send(http, ShopEvents.Refund("refund.requested", shop, 6, ("refundKind", "refund_only"), ("reason", "out_of_stock"), ("amount", 300m)), Cancel);
        await WaitForRefunds(http, shop, 7);
        var found = await Reconciliation(http);
        while ((await Reconciliation(http)).Passes < found.Passes + 2)
        {
            await Task.Delay(200, Cancel);
        }

        Assert.Equal(afterQuiet.Reads + 1, (await Reconciliation(http)).Reads);
    }

    private static async Task WaitForRefunds(HttpClient http, string shop, long refunds)
    {
        for (var attempt = 0; ; attempt++)
        {
            var metrics = JsonNode.Parse(await http.GetStringAsync($"v1/shops/{shop}/metrics?window=24h", Cancel))!;
            if (metrics["refunds"]!.GetValue<long>() == refunds)
            {
                return;
            }

            Assert.True(attempt < 300, $"the shop's aggregator never counted {refunds} refunds: {metrics.ToJsonString()}");
            await Task.Delay(100, Cancel);
        }
    }

    /// <summary>The silo's reconciliation passes and the orders they read back, from its Prometheus endpoint.</summary>
    private static async Task<(long Passes, long Reads)> Reconciliation(HttpClient http)
    {
        var scrape = await http.GetStringAsync("metrics", Cancel);
        return (Sum(scrape, "refundcluster_metrics_reconcile_passes_total"), Sum(scrape, "refundcluster_metrics_reconcile_reads_total"));
    }

    private static long Sum(string scrape, string series) =>
        Sample().Matches(scrape).Where(m => m.Groups["name"].Value == series).Sum(m => long.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{[^}]*\})? (?<value>\d+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
