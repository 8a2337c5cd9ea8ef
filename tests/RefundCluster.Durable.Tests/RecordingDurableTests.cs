using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace RefundCluster.Durable.Tests;

/// <summary>
/// The recording in durable mode: each accepted event is one row of <c>refundcluster_recording</c>, written by the
/// statement that writes its state (a refused event or a resent one adds none), read back in each order's sequence by
/// the export, and replayed by the what-if.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class RecordingDurableTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Accepted_events_are_recorded_with_their_state_once_and_replay_under_the_same_policy_without_a_difference()
    {
        await using var database = await TestDatabase.Create();
        await database.ApplySchema();
        await using var cluster = await DurableCluster.Start(database, silos: 1, timeScale: 1);
        using var http = TestCredentials.Admin.NewClient(cluster.Endpoint(0), TimeSpan.FromSeconds(30));
        var shop = "shop-rec-" + Guid.NewGuid().ToString("N")[..8];
        var from = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1);

        for (var i = 0; i < 5; i++)
        {
            await ShopEvents.Send(http, ShopEvents.Paid(shop, i, 500m), Cancel);
            await ShopEvents.Send(http, ShopEvents.Refund("refund.requested", shop, i, ("refundKind", "refund_only"), ("reason", "out_of_stock"), ("amount", 300m)), Cancel);
        }

        await ShopEvents.Send(http, ShopEvents.Refund("refund.approved", shop, 0), Cancel);
        await ShopEvents.Send(http, ShopEvents.Refund("refund.refused", shop, 1, ("reason", "used")), Cancel);
        // A resend is answered from the order's processed events and changes nothing; an event the state refuses stores nothing.
        await ShopEvents.Send(http, ShopEvents.Refund("refund.approved", shop, 0), Cancel);
        using (var refused = await http.PostAsync("v1/events", new StringContent(
            ShopEvents.Refund("refund.cancelled", shop, 0).With("eventId", "cancel-after-refund").ToJsonString(), Encoding.UTF8, "application/json"), Cancel))
        {
            Assert.False(refused.IsSuccessStatusCode, await refused.Content.ReadAsStringAsync(Cancel));
        }

        await using (var count = database.DataSource.CreateCommand("SELECT count(*) FROM refundcluster_recording WHERE shop_id = $1"))
        {
            count.Parameters.Add(new Npgsql.NpgsqlParameter { Value = shop });
            Assert.Equal(12L, (long)(await count.ExecuteScalarAsync(Cancel))!);
        }

        var to = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        var range = $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}";
        using var export = await http.GetAsync($"v1/shops/{shop}/recording?{range}", Cancel);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        await using var gzip = new GZipStream(await export.Content.ReadAsStreamAsync(Cancel), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var lines = new List<JsonElement>();
        while (await reader.ReadLineAsync(Cancel) is { } line)
        {
            lines.Add(JsonDocument.Parse(line).RootElement.Clone());
        }

        Assert.Equal(12, lines.Count);
        // Each order's lines together and in the order they were accepted: paid, requested, then the seller's answer.
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{shop}-o{i}"), lines.Select(l => l.GetProperty("orderId").GetString()).Distinct());
        Assert.Equal(["order.paid", "refund.requested", "refund.approved"], lines.Take(3).Select(l => l.GetProperty("event").GetProperty("kind").GetString()));
        Assert.Equal(["order.paid", "refund.requested", "refund.refused"], lines.Skip(3).Take(3).Select(l => l.GetProperty("event").GetProperty("kind").GetString()));

        using var policy = await http.GetAsync($"v1/shops/{shop}/policy", Cancel);
        var current = JsonNode.Parse(await policy.Content.ReadAsStringAsync(Cancel))!["policy"]!;
        var body = new JsonObject { ["policy"] = current.DeepClone(), ["from"] = from.ToString("O"), ["to"] = to.ToString("O") };
        using var whatIf = await http.PostAsync($"v1/shops/{shop}/what-if", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), Cancel);
        var answer = JsonDocument.Parse(await whatIf.Content.ReadAsStringAsync(Cancel)).RootElement;
        Assert.True(whatIf.IsSuccessStatusCode, answer.ToString());
        var report = answer.GetProperty("report");
        Assert.Equal(5, report.GetProperty("orders").GetInt32());
        Assert.Equal(12, report.GetProperty("events").GetInt64());
        Assert.Equal(0, report.GetProperty("differingRefunds").GetInt32());
        Assert.Equal(0, report.GetProperty("current").GetProperty("skippedEvents").GetInt64());
        Assert.Equal(5, report.GetProperty("current").GetProperty("metrics").GetProperty("paidOrders").GetInt64());
    }
}

internal static class JsonObjectEdits
{
    public static JsonObject With(this JsonObject e, string name, JsonNode? value)
    {
        e[name] = value;
        return e;
    }
}
