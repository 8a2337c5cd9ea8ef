namespace RefundCluster.Api.Tests;

/// <summary>A shop's refund and order lists over HTTP: filters, sorts, cursor pages, read-your-writes, bad parameters.</summary>
public sealed class ShopListTests(ClusterHost host)
{
    private readonly ApiClient _api = host.Api;

    private async Task<JsonElement> List(string shop, string what, string query = "") =>
        ApiAssert.Ok(await _api.Get($"v1/shops/{shop}/{what}?{query}"));

    private static List<string> Ids(JsonElement page, string what, string idField) =>
        [.. page.GetProperty(what).Strings(idField)];

    /// <summary>Three orders of a new shop: a refund waiting for the seller (500), one approved (600, out of stock), one refunded in 0 s (100).</summary>
    private async Task<(string Shop, string[] Orders, string Waiting, string Approved, string Instant)> Shop()
    {
        var shop = RefundCluster.Testing.Ids.New("list-shop");
        var orders = new[] { RefundCluster.Testing.Ids.New("order"), RefundCluster.Testing.Ids.New("order"), RefundCluster.Testing.Ids.New("order") };
        foreach (var order in orders)
        {
            await _api.Accept(Events.Paid(order, 900m, shop));
        }

        var (waiting, approved, instant) = (RefundCluster.Testing.Ids.New("refund"), RefundCluster.Testing.Ids.New("refund"), RefundCluster.Testing.Ids.New("refund"));
        await _api.Accept(Events.RefundRequested(orders[0], waiting, 500m));
        await _api.Accept(Events.RefundRequested(orders[1], approved, 600m, reason: "out_of_stock"));
        await _api.Accept(Events.Refund("refund.approved", orders[1], approved));
        await _api.Accept(Events.RefundRequested(orders[2], instant, 100m));
        return (shop, orders, waiting, approved, instant);
    }

    [Fact]
    public async Task Counts_give_every_status_now_and_what_waits_on_each_party()
    {
        var (shop, _, _, _, _) = await Shop();

        var counts = await List(shop, "refunds/counts");

        Assert.Equal(shop, counts.Str("shopId"));
        var byStatus = counts.GetProperty("byStatus");
        Assert.Equal((1, 2, 0), (byStatus.GetProperty("waiting_seller_agree").GetInt32(), byStatus.GetProperty("succeeded").GetInt32(), byStatus.GetProperty("platform_review").GetInt32()));
        var seller = counts.GetProperty("waitingOn").GetProperty("seller");
        Assert.Equal(1, seller.GetProperty("count").GetInt32());
        Assert.Equal(
            new[] { "waiting_seller_agree", "waiting_seller_confirm_goods", "return_signed", "waiting_replacement" }.Order(),
            seller.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()!).Order());
        Assert.Equal(0, counts.GetProperty("waitingOn").GetProperty("buyer").GetProperty("count").GetInt32());

        // The list filtered by the seller's statuses holds exactly the counted refunds.
        var list = await List(shop, "refunds", "status=" + string.Join(',', seller.GetProperty("statuses").EnumerateArray().Select(s => s.GetString())));
        Assert.Equal(1, list.GetProperty("refunds").GetArrayLength());
    }

    [Fact]
    public async Task A_shop_sees_the_refunds_waiting_for_it_by_time_left_and_the_list_follows_every_write()
    {
        var (shop, orders, waiting, approved, instant) = await Shop();

        var page = await List(shop, "refunds", "status=waiting_seller_agree");
        Assert.Equal([waiting], Ids(page, "refunds", "refundId"));
        var item = page.GetProperty("refunds")[0];
        Assert.Equal(500m, item.GetProperty("requestedAmount").GetDecimal());
        Assert.Equal("changed_mind", item.Str("reason"));
        Assert.Equal(JsonValueKind.String, item.GetProperty("nextDeadline").ValueKind);
        Assert.False(page.GetProperty("hasMore").GetBoolean());

        var all = Ids(await List(shop, "refunds"), "refunds", "refundId");
        Assert.Equal(3, all.Count);
        Assert.Equal(waiting, all[0]); // the only one with time left; ended refunds (no deadline) come last
        Assert.Equal(["succeeded", "succeeded"], (await List(shop, "refunds", "status=succeeded")).GetProperty("refunds").Strings("status"));
        Assert.Equal([approved], Ids(await List(shop, "refunds", "reason=out_of_stock"), "refunds", "refundId"));
        Assert.Equal([instant], Ids(await List(shop, "refunds", "status=succeeded&reason=changed_mind"), "refunds", "refundId"));
        Assert.Empty(Ids(await List(shop, "refunds", "kind=return_and_refund"), "refunds", "refundId"));

        // Read your writes: the seller approves, and the very next list shows it.
        await _api.Accept(Events.Refund("refund.approved", orders[0], waiting));
        Assert.Empty(Ids(await List(shop, "refunds", "status=waiting_seller_agree"), "refunds", "refundId"));
        Assert.Equal(3, Ids(await List(shop, "refunds", "status=succeeded,closed"), "refunds", "refundId").Count);
    }

    [Fact]
    public async Task A_list_exports_as_csv_whose_rows_are_the_json_items()
    {
        var (shop, _, waiting, approved, instant) = await Shop();

        using var response = await _api.Http.GetAsync($"v1/shops/{shop}/refunds?format=csv&sort=modified", TestContext.Current.CancellationToken);
        var csv = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var json = (await List(shop, "refunds", "sort=modified&limit=500")).GetProperty("refunds").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"refunds-{shop}.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Equal(json[0].EnumerateObject().Select(p => p.Name), header);
        Assert.Equal(json.Count + 1, lines.Length);
        foreach (var (line, item) in lines.Skip(1).Zip(json))
        {
            // No cell here holds a comma or a quote: a plain split reads the row.
            var cells = line.Split(',');
            Assert.Equal(header.Length, cells.Length);
            foreach (var (name, cell) in header.Zip(cells))
            {
                var value = item.GetProperty(name);
                Assert.Equal(value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Null => "",
                    _ => value.GetRawText(),
                }, cell);
            }
        }

        Assert.Equal(new[] { waiting, approved, instant }.Order(), json.Select(i => i.Str("refundId")).Order());
        var filtered = await _api.Http.GetStringAsync($"v1/shops/{shop}/refunds?format=csv&status=waiting_seller_agree", TestContext.Current.CancellationToken);
        Assert.Equal(2, filtered.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(waiting, filtered, StringComparison.Ordinal);
        var orders = await _api.Http.GetStringAsync($"v1/shops/{shop}/orders?format=csv", TestContext.Current.CancellationToken);
        Assert.Equal(4, orders.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        ApiAssert.Problem(await _api.Get($"v1/shops/{shop}/refunds?format=xml"), HttpStatusCode.BadRequest, "list.query_invalid");
    }

    [Fact]
    public async Task Pages_by_last_change_walk_every_refund_once_and_a_change_moves_it_to_the_end()
    {
        var (shop, orders, waiting, approved, instant) = await Shop();

        var first = await List(shop, "refunds", "sort=modified&limit=2");
        var seen = Ids(first, "refunds", "refundId");
        Assert.Equal(2, seen.Count);
        Assert.True(first.GetProperty("hasMore").GetBoolean());
        var next = first.Str("next")!;
        var second = await List(shop, "refunds", $"sort=modified&limit=2&after={next}");
        seen.AddRange(Ids(second, "refunds", "refundId"));
        Assert.False(second.GetProperty("hasMore").GetBoolean());
        Assert.Equal(new[] { waiting, approved, instant }.Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());

        // Changed after the walk: it comes again after the last page's cursor (a reader that keeps paging sees every change).
        Assert.Empty(Ids(await List(shop, "refunds", $"sort=modified&after={second.Str("next")}"), "refunds", "refundId"));
        await _api.Accept(Events.Refund("refund.approved", orders[0], waiting));
        var after = await List(shop, "refunds", $"sort=modified&after={second.Str("next")}");
        Assert.Equal([waiting], Ids(after, "refunds", "refundId"));

        var since = after.GetProperty("refunds")[0].GetProperty("modifiedAt").GetDateTimeOffset();
        Assert.Equal([waiting], Ids(await List(shop, "refunds", $"modifiedSince={Uri.EscapeDataString(since.ToString("O"))}"), "refunds", "refundId"));
    }

    [Fact]
    public async Task A_shop_lists_its_orders_by_status_and_last_change()
    {
        var (shop, orders, _, _, _) = await Shop();
        await _api.Accept(Events.Shipped(orders[0]));

        var page = await List(shop, "orders");
        Assert.Equal(3, Ids(page, "orders", "orderId").Count);
        Assert.Equal(orders[0], Ids(page, "orders", "orderId")[^1]); // the latest change last
        Assert.Equal([orders[0]], Ids(await List(shop, "orders", "status=shipped"), "orders", "orderId"));
        Assert.Equal(900m, page.GetProperty("orders")[0].GetProperty("paidAmount").GetDecimal());
    }

    [Theory]
    [InlineData("sort=time_left")]
    [InlineData("limit=0")]
    [InlineData("limit=501")]
    [InlineData("status=pending")]
    [InlineData("kind=refund_only,nonsense")]
    [InlineData("modifiedSince=yesterday")]
    [InlineData("after=not-a-cursor")]
    public async Task Bad_list_parameters_are_refused_with_a_code(string query)
    {
        var response = await _api.Get($"v1/shops/{Events.DefaultShop}/refunds?{query}");

        ApiAssert.Problem(response, HttpStatusCode.BadRequest, "list.query_invalid");
    }

    [Fact]
    public async Task A_cursor_of_one_sort_is_refused_by_the_other()
    {
        var (shop, _, _, _, _) = await Shop();
        var next = (await List(shop, "refunds", "sort=deadline&limit=1")).Str("next");

        ApiAssert.Problem(await _api.Get($"v1/shops/{shop}/refunds?sort=modified&after={next}"), HttpStatusCode.BadRequest, "list.query_invalid");
    }
}
