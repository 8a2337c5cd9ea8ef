using Microsoft.AspNetCore.Http;
using RefundCluster.Grains.Webhooks;
using RefundCluster.Silo.Security;
using StandardWebhooks;

namespace RefundCluster.Api.Tests;

/// <summary>Push: webhook subscriptions deliver every change, signed (checked with an independent Standard Webhooks library), in order, retried until received.</summary>
public sealed class WebhookTests(ClusterHost host)
{
    private readonly ApiClient _api = host.Api;

    private async Task<JsonElement> Subscribe(WebhookReceiver receiver, string shop, HttpClient? http = null)
    {
        var body = new JsonObject { ["url"] = receiver.Url, ["shops"] = new JsonArray(shop) }.ToJsonString();
        using var response = await (http ?? _api.Http).PostAsync("v1/webhooks", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static void AssertSigned(WebhookReceiver.Received received, string secret) =>
        new StandardWebhook(secret).Verify(received.Body, new HeaderDictionary(received.Headers.ToDictionary(h => h.Key, h => new Microsoft.Extensions.Primitives.StringValues(h.Value))));

    [Fact]
    public async Task Every_change_of_the_shop_is_delivered_signed_and_in_order()
    {
        await using var receiver = await WebhookReceiver.Start();
        var shop = Ids.New("hook-shop");
        var subscription = await Subscribe(receiver, shop);
        var secret = subscription.Str("secret")!;
        Assert.StartsWith("whsec_", secret);
        var orderId = Ids.New("order");
        var refundId = Ids.New("refund");

        await _api.Accept(Events.Paid(orderId, 900m, shop));
        await _api.Accept(Events.RefundRequested(orderId, refundId, 500m));
        await _api.Accept(Events.Refund("refund.approved", orderId, refundId));
        await _api.Accept(Events.Paid(Ids.New("order"), 10m)); // another shop: not this subscription's

        var delivered = await receiver.Delivered(3, cancel: TestContext.Current.CancellationToken);
        Assert.Equal(["order.paid", "refund.created", "refund.succeeded"], delivered.Select(d => d.Json.Str("type")));
        Assert.All(delivered, d => AssertSigned(d, secret));
        Assert.All(delivered, d => Assert.Equal($"chg_{d.Json.GetProperty("data").GetProperty("cursor").GetInt64()}", d.Headers["webhook-id"]));
        Assert.Equal("succeeded", delivered[2].Json.GetProperty("data").GetProperty("view").Str("status"));
        Assert.Equal(refundId, delivered[2].Json.GetProperty("data").Str("refundId"));
        Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() => AssertSigned(delivered[0], "whsec_" + Convert.ToBase64String(new byte[32])));
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Equal(3, receiver.Requests.Count); // nothing else: only this shop's changes, each once
    }

    [Fact]
    public async Task A_receiver_that_fails_gets_the_same_message_again_until_it_takes_it()
    {
        await using var receiver = await WebhookReceiver.Start();
        receiver.Answer = n => n <= 3 ? 503 : 200;
        var shop = Ids.New("hook-shop");
        var subscription = await Subscribe(receiver, shop);
        var id = subscription.Str("id")!;

        await _api.Accept(Events.Paid(Ids.New("order"), 10m, shop));

        var delivered = await receiver.Delivered(1, cancel: TestContext.Current.CancellationToken);
        Assert.Equal(4, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => r.Headers["webhook-id"]).Distinct()); // a retry is the same message
        Assert.Equal(delivered[0].Json.GetProperty("data").GetProperty("cursor").GetInt64(),
            ApiAssert.Ok(await _api.Get($"v1/webhooks/{id}")).GetProperty("cursor").GetInt64());
        var attempts = ApiAssert.Ok(await _api.Get($"v1/webhooks/{id}/deliveries")).EnumerateArray().ToList();
        Assert.Equal([503, 503, 503, 200], attempts.Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal([1, 2, 3, 4], attempts.Select(a => a.GetProperty("attempt").GetInt32()));
    }

    [Fact]
    public async Task Many_orders_are_delivered_at_once_each_in_log_order_even_through_failures()
    {
        await using var receiver = await WebhookReceiver.Start();
        receiver.Delay = TimeSpan.FromMilliseconds(50);
        receiver.Answer = n => n % 7 == 0 ? 503 : 200;
        var shop = Ids.New("hook-shop");
        await Subscribe(receiver, shop);
        var orders = Enumerable.Range(0, 20).Select(_ => (Order: Ids.New("order"), Refund: Ids.New("refund"))).ToList();
        foreach (var (order, _) in orders)
        {
            await _api.Accept(Events.Paid(order, 900m, shop));
        }

        foreach (var (order, refund) in orders)
        {
            await _api.Accept(Events.RefundRequested(order, refund, 500m));
            await _api.Accept(Events.Refund("refund.approved", order, refund));
        }

        // Every change of the shop in the log is taken at least once.
        var expected = ApiAssert.Ok(await _api.Get($"v1/changes?shop={shop}&limit=1000")).GetProperty("changes").EnumerateArray()
            .Select(c => $"chg_{c.GetProperty("cursor").GetInt64()}").ToHashSet();
        Assert.True(expected.Count >= 60, $"{expected.Count} changes");
        var taken = new List<WebhookReceiver.Received>();
        for (var waited = 0; waited < 600 && !expected.IsSubsetOf(taken.Select(r => r.Headers["webhook-id"])); waited++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            taken = [.. receiver.Requests.Where(r => r.AnsweredWith == 200)];
        }

        Assert.Equal(expected.Order(), taken.Select(r => r.Headers["webhook-id"]).Distinct().Order());
        Assert.True(receiver.MaxInFlight > 1, "deliveries went one at a time");
        // Per order (its own changes and its refunds'), the first time each change was taken follows the log's order.
        foreach (var order in taken.GroupBy(r => r.Json.GetProperty("data").Str("orderId")))
        {
            var firsts = order.Select(r => r.Json.GetProperty("data").GetProperty("cursor").GetInt64()).Distinct().ToList();
            Assert.Equal(firsts.Order(), firsts);
        }
    }

    [Fact]
    public async Task Replay_delivers_again_from_a_cursor_with_the_same_message_ids()
    {
        await using var receiver = await WebhookReceiver.Start();
        var shop = Ids.New("hook-shop");
        var id = (await Subscribe(receiver, shop)).Str("id")!;
        await _api.Accept(Events.Paid(Ids.New("order"), 10m, shop));
        var first = (await receiver.Delivered(1, cancel: TestContext.Current.CancellationToken)).Single();

        ApiAssert.Ok(await Send(HttpMethod.Post, $"v1/webhooks/{id}/replay?after=0"));

        var again = await receiver.Delivered(2, cancel: TestContext.Current.CancellationToken);
        Assert.Equal(first.Headers["webhook-id"], again[1].Headers["webhook-id"]);
    }

    [Fact]
    public async Task A_scoped_integrators_subscription_follows_only_its_shops_and_another_owner_cannot_see_it()
    {
        await using var receiver = await WebhookReceiver.Start();
        using var scoped = TestCredentials.ScopedIntegrator.NewClient(_api.Http.BaseAddress!, TimeSpan.FromSeconds(30));
        var body = new JsonObject { ["url"] = receiver.Url }.ToJsonString();
        using var created = await scoped.PostAsync("v1/webhooks", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var view = JsonDocument.Parse(await created.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal([TestCredentials.ScopedShop], view.GetProperty("shops").EnumerateArray().Select(s => s.GetString()));

        var foreign = new JsonObject { ["url"] = receiver.Url, ["shops"] = new JsonArray(TestCredentials.OtherShop) }.ToJsonString();
        using var refused = await scoped.PostAsync("v1/webhooks", new StringContent(foreign, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        using var integrator = TestCredentials.Integrator.NewClient(_api.Http.BaseAddress!, TimeSpan.FromSeconds(30));
        using var other = await integrator.GetAsync($"v1/webhooks/{view.Str("id")}/deliveries", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain(view.Str("id")!, await integrator.GetStringAsync("v1/webhooks", TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.NoContent, (await scoped.DeleteAsync($"v1/webhooks/{view.Str("id")}", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1/hook", false, false)]
    [InlineData("http://10.1.2.3/hook", false, false)]
    [InlineData("http://169.254.169.254/latest", false, false)]
    [InlineData("http://[::1]/hook", false, false)]
    [InlineData("ftp://example.com/hook", false, false)]
    [InlineData("https://user:pw@example.com/hook", false, false)]
    [InlineData("https://example.com/hook", false, true)]
    [InlineData("http://127.0.0.1/hook", true, true)]
    public void Targets_are_public_http_urls_unless_private_ones_are_allowed(string url, bool allowPrivate, bool accepted) =>
        Assert.Equal(accepted, WebhookTargets.Refusal(url, allowPrivate) is null);

    [Fact]
    public async Task A_subscription_with_a_bad_url_or_secret_is_refused() =>
        ApiAssert.Problem(await Send(HttpMethod.Post, "v1/webhooks", new JsonObject { ["url"] = "ftp://x/y", ["secret"] = "nope" }), HttpStatusCode.BadRequest, "webhook.invalid");

    private async Task<ApiResponse> Send(HttpMethod method, string path, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        using var response = await _api.Http.SendAsync(request, TestContext.Current.CancellationToken);
        return new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
