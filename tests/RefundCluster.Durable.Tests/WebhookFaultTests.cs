using System.Text.Json;

namespace RefundCluster.Durable.Tests;

/// <summary>
/// Webhooks on PostgreSQL with two silos: the silo delivering a subscription is killed with SIGKILL mid-delivery; every
/// change is still delivered, each order's in log order, and a repeat carries the same webhook-id and body. The shop's list, rebuilt
/// from the log on whichever silo answers, then shows every refund as its own grain does.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class WebhookFaultTests
{
    [Fact]
    public async Task A_silo_killed_mid_delivery_repeats_deliveries_but_never_skips_one()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.Create();
        await using var cluster = await DurableCluster.Start(database, silos: 2, timeScale: 1,
            ["--Webhooks:AllowPrivateTargets=true", "--Webhooks:FirstRetry=00:00:00.200"]);
        await using var receiver = await WebhookReceiver.Start();
        receiver.Delay = TimeSpan.FromMilliseconds(100); // deliveries are in flight when the silo dies
        using var client = new FailoverClient(cluster);
        var shop = $"hook-{Guid.NewGuid():N}"[..20];

        // Created through silo 0, so the subscription lives there (local placement).
        using var admin = TestCredentials.Admin.NewClient(cluster.LiveEndpoints[0], TimeSpan.FromSeconds(30));
        var spec = new JsonObject { ["url"] = receiver.Url, ["shops"] = new JsonArray(shop) }.ToJsonString();
        using (var created = await admin.PostAsync("v1/webhooks", new StringContent(spec, System.Text.Encoding.UTF8, "application/json"), cancel))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var runId = Guid.NewGuid().ToString("N")[..8];
        foreach (var lifecycle in Enumerable.Range(0, 12).Select(i => Lifecycle.Create(i, runId, shop) with { ShopId = shop }))
        {
            foreach (var e in lifecycle.Events())
            {
                await client.Send(e);
            }
        }

        await receiver.Delivered(5, TimeSpan.FromSeconds(60), cancel);
        await cluster.Kill(0);
        await Task.Delay(TimeSpan.FromSeconds(3), cancel);
        await cluster.StartSilo(0);

        // Every change of the shop, as the log has it, must arrive (the reminder wakes the subscription on a live silo).
        var expected = new List<long>();
        for (long after = 0; ;)
        {
            var page = await client.Get($"v1/changes?shop={shop}&after={after}&limit=1000");
            var items = page!["changes"]!.AsArray();
            if (items.Count == 0)
            {
                break;
            }

            expected.AddRange(items.Select(c => c!["cursor"]!.GetValue<long>()));
            after = page["next"]!.GetValue<long>();
        }

        Assert.True(expected.Count >= 36, $"{expected.Count} changes in the log");
        var delivered = await WaitFor(receiver, expected, TimeSpan.FromSeconds(180), cancel);

        // Every change, each order's in log order (a repeat comes back to where the line was; orders go side by side).
        Assert.Equal(expected.Order(), delivered.Select(d => Cursor(d)).Distinct().Order());
        foreach (var order in delivered.GroupBy(d => d.Json.GetProperty("data").GetProperty("orderId").GetString()))
        {
            var firsts = order.Select(d => Cursor(d)).Distinct().ToList();
            Assert.Equal(firsts.Order(), firsts);
        }
        foreach (var repeats in delivered.GroupBy(d => d.Headers["webhook-id"]))
        {
            Assert.Single(repeats.Select(r => r.Body).Distinct()); // a repeat is the same message
        }

        // Each refund as its grain has it, then the list: the list catches up before answering, so it is never behind.
        var refundIds = delivered.Select(d => d.Json.GetProperty("data").TryGetProperty("refundId", out var r) ? r.GetString() : null)
            .OfType<string>().Distinct().ToList();
        var entities = new Dictionary<string, JsonObject>();
        foreach (var refundId in refundIds)
        {
            entities[refundId] = (await client.Get($"v1/refunds/{refundId}"))!;
        }

        var listed = (await client.Get($"v1/shops/{shop}/refunds?limit=500"))!["refunds"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(entities.Keys.Order(), listed.Select(r => r["refundId"]!.GetValue<string>()).Order());
        foreach (var refund in listed)
        {
            var entity = entities[refund["refundId"]!.GetValue<string>()];
            Assert.True(refund["version"]!.GetValue<int>() >= entity["version"]!.GetValue<int>());
            if (refund["version"]!.GetValue<int>() == entity["version"]!.GetValue<int>())
            {
                Assert.Equal(entity["status"]!.GetValue<string>(), refund["status"]!.GetValue<string>());
            }
        }
    }

    private static long Cursor(WebhookReceiver.Received received) =>
        received.Json.GetProperty("data").GetProperty("cursor").GetInt64();

    private static async Task<List<WebhookReceiver.Received>> WaitFor(WebhookReceiver receiver, List<long> cursors, TimeSpan within, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var delivered = receiver.Requests.Where(r => r.AnsweredWith == 200).ToList();
            if (cursors.All(c => delivered.Any(d => Cursor(d) == c)))
            {
                return delivered;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{delivered.Select(Cursor).Distinct().Count()} of {cursors.Count} changes delivered");
            await Task.Delay(250, cancel);
        }
    }
}
