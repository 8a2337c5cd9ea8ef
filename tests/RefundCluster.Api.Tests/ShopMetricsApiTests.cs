using System.Globalization;
using System.Net.Http.Headers;
using RefundCluster.Domain.Metrics;

namespace RefundCluster.Api.Tests;

/// <summary>The shop-metrics surface over HTTP: live metrics, risks, the SSE feed, the leaderboard, rebuild, telemetry.</summary>
public sealed class ShopMetricsApiTests(ClusterHost host)
{
    private readonly ApiClient _api = host.Api;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Pays two orders of a fresh shop and refunds one at once (0秒退).</summary>
    private async Task<string> ShopWithOneZeroSecondRefund()
    {
        var shop = Ids.New("shop");
        var (first, second) = (Ids.New("order"), Ids.New("order"));
        await _api.Accept(Events.Paid(first, 40m, shop));
        await _api.Accept(Events.Paid(second, 60m, shop));
        await _api.Accept(Events.RefundRequested(first, Ids.New("refund"), 40m));
        return shop;
    }

    private async Task<JsonElement> MetricsOnceCounted(string shop, string window, long refunds)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var metrics = ApiAssert.Ok(await _api.Get($"v1/shops/{shop}/metrics?window={window}"));
            if (metrics.GetProperty("refunds").GetInt64() == refunds)
            {
                return metrics;
            }

            await Task.Delay(50, Cancel);
        }

        throw new TimeoutException($"shop {shop} never counted {refunds} refunds");
    }

    [Fact]
    public async Task Metrics_count_the_shops_orders_and_refunds()
    {
        var shop = await ShopWithOneZeroSecondRefund();

        var metrics = await MetricsOnceCounted(shop, "5m", 1);

        Assert.Equal("5m", metrics.Str("window"));
        Assert.Equal(2, metrics.GetProperty("paidOrders").GetInt64());
        Assert.Equal(1, metrics.GetProperty("refundsByScenario").GetProperty("not_shipped_refund_only").GetInt64());
        Assert.Equal(1, metrics.GetProperty("refundsByStatus").GetProperty("succeeded").GetInt64());
        Assert.Equal((1L, 0L), (metrics.GetProperty("refundsByFirstReason").GetProperty("changed_mind").GetInt64(), metrics.GetProperty("refundsByFirstReason").GetProperty("quality_defect").GetInt64()));
        var sku = Assert.Single(metrics.GetProperty("refundsBySku").EnumerateArray());
        Assert.Equal(("SKU-1", 1L, 0L), (sku.Str("sku"), sku.GetProperty("refunds").GetInt64(), metrics.GetProperty("refundsOfOtherSkus").GetInt64()));
        var rates = metrics.GetProperty("rates");
        Assert.Equal(0.5, rates.GetProperty("refundRate").GetDouble());
        Assert.Equal(1.0, rates.GetProperty("zeroSecondShare").GetDouble());
        Assert.Equal(JsonValueKind.Null, rates.GetProperty("interceptionSuccessRate").ValueKind);
        var levels = metrics.GetProperty("levels");
        Assert.Equal(("alarm", "normal", "normal"), (levels.Str("refundRate"), levels.Str("zeroSecondShare"), levels.Str("interceptionSuccessRate")));
        Assert.Equal(1, metrics.GetProperty("completion").GetProperty("refund_only").GetProperty("count").GetInt64());
        var response = metrics.GetProperty("response").GetProperty("refund_only"); // 0秒退: answered at the request
        Assert.Equal((1L, 0.0), (response.GetProperty("count").GetInt64(), response.GetProperty("averageSeconds").GetDouble()));
        Assert.Equal(0, metrics.GetProperty("response").GetProperty("return_and_refund").GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task The_indicator_list_is_the_table_the_rates_are_computed_from()
    {
        var list = ApiAssert.Ok(await _api.Get("v1/indicators")).EnumerateArray().ToList();

        Assert.Equal(Indicators.All.Select(i => i.Name), list.Select(i => i.Str("name")));
        var refundRate = list[0];
        Assert.Equal(("退款率", "refund rate", "lower"), (refundRate.Str("zh"), refundRate.Str("en"), refundRate.Str("good")));
        Assert.Equal((Indicators.RefundRate.Warning, Indicators.RefundRate.Alarm), (refundRate.GetProperty("warning").GetDouble(), refundRate.GetProperty("alarm").GetDouble()));

        var shop = await ShopWithOneZeroSecondRefund();
        var rates = (await MetricsOnceCounted(shop, "1h", 1)).GetProperty("rates");
        Assert.Equal(list.Select(i => i.Str("name")), rates.EnumerateObject().Select(p => p.Name)); // every row, in the table's order
    }

    [Fact]
    public async Task A_series_gives_each_steps_rate_its_counts_and_its_level()
    {
        var shop = await ShopWithOneZeroSecondRefund();
        await MetricsOnceCounted(shop, "1h", 1);

        var hourly = ApiAssert.Ok(await _api.Get($"v1/shops/{shop}/metrics/series?indicator=refundRate,zeroSecondShare&interval=hour"));
        Assert.Equal(("hour", "+08:00"), (hourly.Str("interval"), hourly.Str("offset")));
        var series = hourly.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["refundRate", "zeroSecondShare"], series.Select(s => s.Str("indicator")));
        var refundRate = series[0].GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(24, refundRate.Count); // the last 24 hours, this one included
        var starts = refundRate.Select(p => p.GetProperty("start").GetDateTimeOffset()).ToList();
        Assert.All(starts.Zip(starts.Skip(1)), pair => Assert.Equal(TimeSpan.FromHours(1), pair.Second - pair.First));
        Assert.Equal(hourly.GetProperty("from").GetDateTimeOffset(), starts[0]);

        // The orders and the refund all fall in one or two hours; together they are the window's figures.
        Assert.Equal((1L, 2L), (refundRate.Sum(p => p.GetProperty("numerator").GetInt64()), refundRate.Sum(p => p.GetProperty("denominator").GetInt64())));
        var busy = refundRate.Where(p => p.GetProperty("denominator").GetInt64() > 0).ToList();
        Assert.All(refundRate.Except(busy), p => Assert.Equal((JsonValueKind.Null, "normal"), (p.GetProperty("value").ValueKind, p.Str("level"))));
        if (busy.Count == 1)
        {
            Assert.Equal((0.5, "alarm"), (busy[0].GetProperty("value").GetDouble(), busy[0].Str("level"))); // 50 % is past the 30 % alarm
        }

        var daily = ApiAssert.Ok(await _api.Get($"v1/shops/{shop}/metrics/series?indicator=refundRate&interval=day&offset=-05:00"));
        var days = daily.GetProperty("series")[0].GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(24, days.Count);
        Assert.All(days, d => Assert.Equal(TimeSpan.Zero, d.GetProperty("start").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(-5)).TimeOfDay)); // midnight at -05:00
        Assert.Equal(2L, days.Sum(p => p.GetProperty("denominator").GetInt64()));
    }

    [Fact]
    public async Task A_shops_own_levels_mark_its_rates_and_its_offset_starts_its_days()
    {
        var shop = await ShopWithOneZeroSecondRefund();
        var policy = JsonNode.Parse((await _api.GetPolicy(shop)).GetProperty("policy").GetRawText())!.AsObject();
        policy["indicatorThresholds"] = new JsonObject { ["refundRate"] = new JsonObject { ["warning"] = 0.6, ["alarm"] = 0.8 } };
        policy["utcOffsetHours"] = -3;
        ApiAssert.Ok(await _api.PutPolicy(shop, policy.ToJsonString()));

        // 50 % is an alarm by the table's 30 %, but normal by the shop's own 60 / 80 %; other rates keep the table's.
        var metrics = await MetricsOnceCounted(shop, "1h", 1);
        Assert.Equal(("normal", 0.5), (metrics.GetProperty("levels").Str("refundRate"), metrics.GetProperty("rates").GetProperty("refundRate").GetDouble()));

        var series = ApiAssert.Ok(await _api.Get($"v1/shops/{shop}/metrics/series?indicator=refundRate,refusalRate&interval=day"));
        Assert.Equal("-03:00", series.Str("offset"));
        var (refundRate, refusalRate) = (series.GetProperty("series")[0], series.GetProperty("series")[1]);
        Assert.Equal((0.6, 0.8), (refundRate.GetProperty("warning").GetDouble(), refundRate.GetProperty("alarm").GetDouble()));
        Assert.Equal((Indicators.RefusalRate.Warning, Indicators.RefusalRate.Alarm), (refusalRate.GetProperty("warning").GetDouble(), refusalRate.GetProperty("alarm").GetDouble()));
        var days = refundRate.GetProperty("points").EnumerateArray().ToList();
        Assert.All(days, d => Assert.Equal(TimeSpan.Zero, d.GetProperty("start").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(-3)).TimeOfDay));
        Assert.All(days, d => Assert.Equal("normal", d.Str("level")));
    }

    [Fact]
    public async Task A_series_exports_as_csv_one_row_per_indicator_and_step()
    {
        var shop = await ShopWithOneZeroSecondRefund();
        await MetricsOnceCounted(shop, "1h", 1);
        var json = ApiAssert.Ok(await _api.Get($"v1/shops/{shop}/metrics/series?indicator=refundRate,refusalRate&interval=day&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-7).ToString("O"))}"));

        var csv = await _api.Get($"v1/shops/{shop}/metrics/series?indicator=refundRate,refusalRate&interval=day&format=csv&from={Uri.EscapeDataString(json.GetProperty("from").GetDateTimeOffset().ToString("O"))}");

        Assert.Equal(HttpStatusCode.OK, csv.Status);
        var lines = csv.Body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("indicator,start,value,numerator,denominator,level", lines[0]);
        var points = json.GetProperty("series").EnumerateArray()
            .SelectMany(s => s.GetProperty("points").EnumerateArray().Select(p => (Indicator: s.Str("indicator"), Point: p))).ToList();
        Assert.Equal(points.Count, lines.Length - 1);
        Assert.All(points.Zip(lines.Skip(1)), pair =>
        {
            var cells = pair.Second.Split(',');
            Assert.Equal(pair.First.Indicator, cells[0]);
            Assert.Equal(pair.First.Point.GetProperty("start").GetDateTimeOffset(), DateTimeOffset.Parse(cells[1], CultureInfo.InvariantCulture));
            Assert.Equal(pair.First.Point.GetProperty("value").ValueKind == JsonValueKind.Null ? "" : pair.First.Point.GetProperty("value").GetRawText(), cells[2]);
            Assert.Equal((pair.First.Point.GetProperty("numerator").GetRawText(), pair.First.Point.GetProperty("denominator").GetRawText(), pair.First.Point.Str("level")), (cells[3], cells[4], cells[5]));
        });
    }

    [Fact]
    public async Task A_shop_without_events_has_empty_metrics_and_risks()
    {
        var shop = Ids.New("shop");
        var metrics = ApiAssert.Ok(await _api.Get($"v1/shops/{shop}/metrics"));
        Assert.Equal("1h", metrics.Str("window"));
        Assert.Equal(0, metrics.GetProperty("paidOrders").GetInt64());
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("rates").GetProperty("refundRate").ValueKind);

        var risks = ApiAssert.Ok(await _api.Get($"v1/shops/{shop}/risks"));
        Assert.Empty(risks.GetProperty("nearSellerDeadline").EnumerateArray());
        Assert.Empty(risks.GetProperty("pastShipPromise").EnumerateArray());
    }

    [Theory]
    [InlineData("v1/shops/s1/metrics?window=2h", 400, "metrics.window_invalid")]
    [InlineData("v1/shops/s1/metrics/stream?window=1w", 400, "metrics.window_invalid")]
    [InlineData("v1/shops/bad%20shop/metrics", 400, "request.invalid_id")]
    [InlineData("v1/shops/bad%20shop/risks", 400, "request.invalid_id")]
    [InlineData("v1/metrics/shops?sort=loudest", 400, "metrics.sort_invalid")]
    [InlineData("v1/metrics/shops?top=0", 400, "metrics.top_invalid")]
    [InlineData("v1/metrics/shops?top=201", 400, "metrics.top_invalid")]
    [InlineData("v1/shops/s1/metrics/series?interval=week", 400, "metrics.series_invalid")]
    [InlineData("v1/shops/s1/metrics/series?indicator=refundRate,loudness", 400, "metrics.series_invalid")]
    [InlineData("v1/shops/s1/metrics/series?from=yesterday", 400, "metrics.series_invalid")]
    [InlineData("v1/shops/s1/metrics/series?from=2026-11-11T02:00:00Z&to=2026-11-11T01:00:00Z", 400, "metrics.series_invalid")]
    [InlineData("v1/shops/s1/metrics/series?from=2000-01-01T00:00:00Z", 400, "metrics.series_invalid")]
    [InlineData("v1/shops/s1/metrics/series?interval=day&offset=%2B05:30", 400, "metrics.series_invalid")]
    [InlineData("v1/shops/s1/metrics/series?format=xml", 400, "metrics.series_invalid")]
    [InlineData("v1/shops/bad%20shop/metrics/series", 400, "request.invalid_id")]
    public async Task Bad_queries_are_refused_with_a_stable_code(string path, int status, string code) =>
        ApiAssert.Problem(await _api.Get(path), (HttpStatusCode)status, code);

    [Fact]
    public async Task The_live_feed_sends_the_metrics_at_once_and_again_after_a_change()
    {
        var shop = Ids.New("shop");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/shops/{shop}/metrics/stream?window=5m");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await _api.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Cancel));

        var first = await NextEvent(reader);
        Assert.Equal(shop, first.GetProperty("metrics").Str("shopId"));
        Assert.Equal(0, first.GetProperty("metrics").GetProperty("paidOrders").GetInt64());
        Assert.True(first.TryGetProperty("risks", out _));

        await _api.Accept(Events.Paid(Ids.New("order"), 10m, shop));
        var next = await NextEvent(reader);
        Assert.Equal(1, next.GetProperty("metrics").GetProperty("paidOrders").GetInt64());
    }

    private static async Task<JsonElement> NextEvent(StreamReader reader)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        string? name = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && name == "metrics")
            {
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            }
        }

        throw new EndOfStreamException("the feed ended");
    }

    [Fact]
    public async Task The_leaderboard_ranks_shops_by_the_chosen_indicator()
    {
        var shop = await ShopWithOneZeroSecondRefund();
        await MetricsOnceCounted(shop, "24h", 1);

        JsonElement board = default;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            board = ApiAssert.Ok(await _api.Get("v1/metrics/shops?sort=refunds&top=200"));
            if (board.GetProperty("shops").EnumerateArray().Any(s => s.Str("shopId") == shop))
            {
                break;
            }

            await Task.Delay(100, Cancel);
        }

        Assert.Equal("refunds", board.Str("sort"));
        Assert.Equal("24h", board.Str("window"));
        var shops = board.GetProperty("shops").EnumerateArray().ToList();
        var line = shops.Single(s => s.Str("shopId") == shop);
        Assert.Equal(0.5, line.GetProperty("refundRate").GetDouble());
        var refunds = shops.Select(s => s.GetProperty("refunds").GetInt64()).ToList();
        Assert.Equal(refunds.OrderDescending(), refunds);
    }

    [Fact]
    public async Task A_rebuild_reads_every_entity_of_the_shop()
    {
        var shop = await ShopWithOneZeroSecondRefund();
        await MetricsOnceCounted(shop, "1h", 1);

        using var response = await _api.Http.PostAsync($"v1/shops/{shop}/metrics/rebuild", null, Cancel);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, result.GetProperty("refundsRead").GetInt32());
        Assert.Equal(2, result.GetProperty("ordersRead").GetInt32());
        Assert.Equal(0, result.GetProperty("corrections").GetInt32()); // the stream had delivered everything
    }

    [Fact]
    public async Task Prometheus_endpoint_exports_the_cluster_instruments()
    {
        await ShopWithOneZeroSecondRefund();
        // Any deadline dispatched in this host records lateness; a 0秒退 refund indexes its appeal window 30 days out,
        // so wait for one that is due now: the seller-silence test host is separate, so make one here.
        await _api.SellerDeadlineDueNow(Cancel);

        var scrape = await _api.Http.GetStringAsync("metrics", Cancel);

        Assert.Contains("refundcluster_events_ingested_total{", scrape);
        Assert.Contains("refundcluster_transitions_total{", scrape);
        Assert.Contains("refundcluster_refunds_automatic_total{", scrape);
        Assert.Contains("refundcluster_stream_lag_milliseconds_bucket{", scrape);
        Assert.Contains("refundcluster_deadline_lateness_milliseconds_bucket{", scrape);
    }

    [Fact]
    public async Task The_orleans_dashboard_is_mounted()
    {
        using var response = await _api.Http.GetAsync("orleans-dashboard/", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("html", response.Content.Headers.ContentType?.MediaType ?? "");
    }
}
