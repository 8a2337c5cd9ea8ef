using RefundCluster.Silo.Security;

namespace RefundCluster.Api.Tests;

/// <summary>The change log over HTTP: every transition in order, by cursor, scoped by credential.</summary>
public sealed class ChangeFeedTests(ClusterHost host)
{
    private readonly ApiClient _api = host.Api;

    private async Task<JsonElement> Changes(string query, HttpClient? http = null)
    {
        if (http is null)
        {
            return ApiAssert.Ok(await _api.Get($"v1/changes?{query}"));
        }

        using var response = await http.GetAsync($"v1/changes?{query}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
    }

    private static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("changes").EnumerateArray()];

    private async Task<(string Shop, string Order, string Refund)> Lifecycle()
    {
        var shop = Ids.New("feed-shop");
        var orderId = Ids.New("order");
        var refundId = Ids.New("refund");
        await _api.Accept(Events.Paid(orderId, 900m, shop));
        await _api.Accept(Events.RefundRequested(orderId, refundId, 500m)); // above the 0秒退 cap: waits for the seller
        await _api.Accept(Events.Refund("refund.approved", orderId, refundId));
        return (shop, orderId, refundId);
    }

    [Fact]
    public async Task Every_transition_of_an_order_and_its_refund_is_in_the_log_in_order_with_its_summary_after_it()
    {
        var (shop, orderId, refundId) = await Lifecycle();

        var changes = Items(await Changes($"shop={shop}"));

        Assert.Equal(["order.paid", "refund.created", "refund.succeeded"], changes.Select(c => c.Str("type")));
        Assert.All(changes, c => Assert.Equal((shop, orderId), (c.Str("shopId"), c.Str("orderId"))));
        Assert.Equal(changes.Select(c => c.GetProperty("cursor").GetInt64()).Order(), changes.Select(c => c.GetProperty("cursor").GetInt64()));
        var created = changes[1];
        var succeeded = changes[2];
        Assert.Equal(refundId, created.Str("refundId"));
        Assert.Equal("waiting_seller_agree", created.GetProperty("view").Str("status"));
        Assert.Equal("succeeded", succeeded.GetProperty("view").Str("status"));
        Assert.Equal(500m, succeeded.GetProperty("view").Dec("refundedAmount"));
        Assert.True(succeeded.GetProperty("version").GetInt32() > created.GetProperty("version").GetInt32());
        Assert.Equal((await _api.GetRefund(refundId)).GetProperty("version").GetInt32(), succeeded.GetProperty("version").GetInt32());
        Assert.Equal("paid", changes[0].GetProperty("view").Str("status"));
        Assert.Equal("SUCCESS", succeeded.GetProperty("view").Str("taobaoStatus"));
        Assert.Equal(900m, changes[0].GetProperty("view").Dec("paidAmount"));
    }

    [Fact]
    public async Task A_cursor_walks_the_log_page_by_page_and_resumes_where_it_stopped()
    {
        var (shop, _, _) = await Lifecycle();
        var seen = new List<string>();
        long after = 0;
        while (true)
        {
            var page = await Changes($"shop={shop}&after={after}&limit=1");
            var items = Items(page);
            if (items.Count == 0)
            {
                Assert.Equal(after, page.GetProperty("next").GetInt64()); // nothing new: ask again from the same place
                break;
            }

            seen.Add(items.Single().Str("type")!);
            after = page.GetProperty("next").GetInt64();
            Assert.Equal(items.Single().GetProperty("cursor").GetInt64(), after);
        }

        Assert.Equal(["order.paid", "refund.created", "refund.succeeded"], seen);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task After_a_randomised_run_the_feed_holds_each_entity_up_to_its_status_once_and_in_order(int seed)
    {
        var random = new Random(seed);
        var shop = Ids.New("feed-random");
        var refundsOf = new Dictionary<string, List<string>>();
        var scripts = Enumerable.Range(0, 12).Select(_ =>
        {
            var order = Ids.New("order");
            var paid = random.Next(1, 10) * 100m;
            var steps = new List<JsonObject> { Events.Paid(order, paid, shop) };
            var refunds = refundsOf[order] = [];
            for (var n = random.Next(1, 7); n > 0; n--)
            {
                var refund = refunds.Count > 0 && random.Next(2) == 0 ? refunds[random.Next(refunds.Count)] : null;
                steps.Add(random.Next(8) switch
                {
                    0 => Events.Shipped(order),
                    1 => Events.Delivered(order),
                    2 or 3 => Events.RefundRequested(order, Add(refunds, Ids.New("refund")), random.Next(1, (int)paid / 10) * 10m,
                        random.Next(3) == 0 ? "return_and_refund" : "refund_only", random.Next(2) == 0 ? "changed_mind" : "quality_defect"),
                    4 => Events.Refund("refund.approved", order, refund ?? Ids.New("refund")),
                    5 => Events.Refund("refund.refused", order, refund ?? Ids.New("refund"), ("reason", "not as agreed")),
                    6 => Events.Refund("refund.cancelled", order, refund ?? Ids.New("refund")),
                    _ => Events.Refund("return.shipped", order, refund ?? Ids.New("refund"), ("trackingNumber", "SF1")),
                });
            }

            return steps;
        }).ToList();

        // Orders side by side (their changes interleave in the log), each order's events in turn; refusals are part of the run.
        await Task.WhenAll(scripts.Select(async steps =>
        {
            foreach (var step in steps)
            {
                await _api.Send(step);
            }
        }));

        var whole = Items(await Changes($"shop={shop}&limit=1000"));
        var paged = new List<JsonElement>();
        for (long after = 0; ;)
        {
            var page = Items(await Changes($"shop={shop}&after={after}&limit={random.Next(1, 9)}"));
            if (page.Count == 0)
            {
                break;
            }

            paged.AddRange(page);
            after = page[^1].GetProperty("cursor").GetInt64();
        }

        var cursors = whole.Select(c => c.GetProperty("cursor").GetInt64()).ToList();
        Assert.Equal(cursors.Order().Distinct(), cursors); // growing, each once
        Assert.Equal(cursors, paged.Select(c => c.GetProperty("cursor").GetInt64())); // any page size walks the same log
        foreach (var entity in whole.GroupBy(c => (c.Str("orderId")!, c.Str("refundId"))))
        {
            var versions = entity.Select(c => c.GetProperty("version").GetInt32()).ToList();
            Assert.Equal(versions.Order(), versions); // in the entity's own order
            var now = entity.Key.Item2 is { } refundId ? await _api.GetRefund(refundId) : await _api.GetOrder(entity.Key.Item1);
            // Up to where it stands: every status it went through is a change (bookkeeping such as a money hold moves
            // the version without one, so the last change may be behind the version, never ahead of it).
            Assert.True(versions[^1] <= now.GetProperty("version").GetInt32());
            Assert.Equal(now.Str("status"), entity.Last().GetProperty("view").Str("status"));
        }

        // Every refund that exists is in the log, and nothing else is.
        var inLog = whole.Select(c => c.Str("refundId")).OfType<string>().ToHashSet();
        foreach (var refundId in refundsOf.Values.SelectMany(r => r))
        {
            Assert.Equal((await _api.Get($"v1/refunds/{refundId}")).Status == HttpStatusCode.OK, inLog.Contains(refundId));
        }
    }

    private static string Add(List<string> refunds, string refundId)
    {
        refunds.Add(refundId);
        return refundId;
    }

    [Fact]
    public async Task The_log_can_be_narrowed_to_some_change_types()
    {
        var (shop, _, refundId) = await Lifecycle();

        var changes = Items(await Changes($"shop={shop}&types=refund.succeeded,refund.closed"));

        Assert.Equal(refundId, Assert.Single(changes).Str("refundId"));
    }

    [Fact]
    public async Task A_shop_service_follows_only_its_own_shop()
    {
        var own = Ids.New("order");
        var other = Ids.New("order");
        await _api.Accept(Events.Paid(own, 10m, TestCredentials.ScopedShop));
        await _api.Accept(Events.Paid(other, 10m, TestCredentials.OtherShop));
        using var http = new HttpClient { BaseAddress = _api.Http.BaseAddress };
        http.DefaultRequestHeaders.TryAddWithoutValidation(ApiKeyAuthenticationHandler.HeaderName, TestCredentials.ShopService.Key);

        var all = new List<JsonElement>();
        for (long after = 0; ;)
        {
            var page = await Changes($"after={after}&limit=1000", http);
            if (Items(page) is not { Count: > 0 } items)
            {
                break;
            }

            all.AddRange(items);
            after = page.GetProperty("next").GetInt64();
        }

        Assert.Contains(all, c => c.Str("orderId") == own);
        Assert.All(all, c => Assert.Equal(TestCredentials.ScopedShop, c.Str("shopId")));
        using var refused = await http.GetAsync($"v1/changes?shop={TestCredentials.OtherShop}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Theory]
    [InlineData("after=-1")]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    public async Task A_bad_query_is_refused_with_its_code(string query) =>
        ApiAssert.Problem(await _api.Get($"v1/changes?{query}"), HttpStatusCode.BadRequest, "changes.query_invalid");
}
