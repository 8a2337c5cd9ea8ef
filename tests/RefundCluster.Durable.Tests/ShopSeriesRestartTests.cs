using System.Text.Json;

namespace RefundCluster.Durable.Tests;

/// <summary>
/// A shop's trends survive its silo: the aggregator keeps them in memory only, and a new activation rebuilds them from
/// the entities in PostgreSQL, so after a kill -9 and a restart the series, the metrics and the to-do counts are the
/// same as before.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class ShopSeriesRestartTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_shops_series_metrics_and_counts_come_back_the_same_after_a_kill_and_restart()
    {
        await using var database = await TestDatabase.Create();
        await database.ApplySchema();
        await using var cluster = await DurableCluster.Start(database, silos: 1, timeScale: 1);
        using var http = TestCredentials.Admin.NewClient(cluster.Endpoint(0), TimeSpan.FromSeconds(30));
        var shop = "shop-series-" + Guid.NewGuid().ToString("N")[..8];

        // Three paid orders; a 0秒退 refund, one the seller refuses (answered, waiting on the buyer), one still waiting on the seller.
        for (var i = 0; i < 3; i++)
        {
            await Send(http, ShopEvents.Paid(shop, i, 500m));
        }

        await Send(http, ShopEvents.Refund("refund.requested", shop, 0, ("refundKind", "refund_only"), ("reason", "changed_mind"), ("amount", 100m)));
        await Send(http, ShopEvents.Refund("refund.requested", shop, 1, ("refundKind", "refund_only"), ("reason", "out_of_stock"), ("amount", 300m)));
        await Send(http, ShopEvents.Refund("refund.refused", shop, 1, ("reason", "used")));
        await Send(http, ShopEvents.Refund("refund.requested", shop, 2, ("refundKind", "refund_only"), ("reason", "changed_mind"), ("amount", 400m)));

        var before = await Snapshot(http, shop);
        // The test compares something real: the refund rate's steps hold 3 refunds over 3 paid orders (in one hour or two).
        var refundRate = JsonNode.Parse(before.Series)!.AsArray().Single(s => s!["indicator"]!.GetValue<string>() == "refundRate")!["points"]!.AsArray();
        Assert.Equal((3L, 3L), (refundRate.Sum(p => p!["numerator"]!.GetValue<long>()), refundRate.Sum(p => p!["denominator"]!.GetValue<long>())));

        await cluster.Kill(0);
        await cluster.StartSilo(0);
        var after = await Snapshot(http, shop);

        Assert.Equal(before.Series, after.Series);
        Assert.Equal(before.Days, after.Days);
        Assert.Equal(before.Metrics, after.Metrics);
        Assert.Equal(before.Counts, after.Counts);
    }

    private static Task Send(HttpClient http, JsonObject e) => ShopEvents.Send(http, e, Cancel);

    private sealed record ShopSnapshot(string Series, string Days, string Metrics, string Counts);

    /// <summary>The shop's figures once its aggregator counts the 3 refunds (a new activation first rebuilds from the entities).</summary>
    private static async Task<ShopSnapshot> Snapshot(HttpClient http, string shop)
    {
        var from = DateTimeOffset.UtcNow.AddHours(-3).ToString("O");
        for (var attempt = 0; ; attempt++)
        {
            var metrics = JsonNode.Parse(await http.GetStringAsync($"v1/shops/{shop}/metrics?window=24h", Cancel))!.AsObject();
            if (metrics["refunds"]!.GetValue<long>() == 3 && metrics["refundsByStatus"]!["seller_refused"]!.GetValue<long>() == 1)
            {
                // What does not describe the shop: when it was read and the activation's version counter.
                metrics.Remove("asOf");
                metrics.Remove("version");
                var hours = JsonNode.Parse(await http.GetStringAsync($"v1/shops/{shop}/metrics/series?interval=hour&from={Uri.EscapeDataString(from)}", Cancel))!;
                var days = JsonNode.Parse(await http.GetStringAsync($"v1/shops/{shop}/metrics/series?interval=day", Cancel))!;
                var counts = await http.GetStringAsync($"v1/shops/{shop}/refunds/counts", Cancel);
                return new ShopSnapshot(hours["series"]!.ToJsonString(), days["series"]!.ToJsonString(), metrics.ToJsonString(), counts);
            }

            Assert.True(attempt < 300, $"the shop's aggregator never counted its 3 refunds: {metrics.ToJsonString()}");
            await Task.Delay(100, Cancel);
        }
    }
}
