namespace RefundCluster.Browser.Tests;

/// <summary>The shop page in a real browser: figures pushed over Server-Sent Events, without a reload.</summary>
public sealed class ShopDashboardTests(BrowserHost host)
{
    [Fact]
    public async Task Shop_page_shows_new_events_live_without_reloading()
    {
        var shopId = Ids.New("shop-browser");
        await using var dashboard = await host.NewPage();
        var page = dashboard.Page;

        var response = await page.GotoAsync($"/dashboard/shops/{shopId}");
        Assert.True(response is { Ok: true }, $"GET /dashboard/shops/{shopId} answered {response?.Status}: is shop.html served for that route?");
        await Expect(dashboard.ByTestId("live-status")).ToHaveAttributeAsync("data-state", "connected");
        // The first push (on connect): a shop without events has empty metrics.
        await Expect(dashboard.ByTestId("paid-orders")).ToHaveTextAsync("0");
        await Expect(dashboard.ByTestId("rate-refundRate")).ToHaveTextAsync("—");
        await page.EvaluateAsync("() => { window.__loadedOnce = true; }");

        // Two paid orders; one refunded at once (0秒退: refund only, not shipped, under the 200 yuan cap).
        var first = Ids.New("o-browser");
        await host.Send(Events.Paid(first, 79m, shopId));
        await host.Send(Events.Paid(Ids.New("o-browser"), 39.5m, shopId));
        await host.Send(Events.RefundRequested(first, Ids.New("r-browser"), 79m));

        await Expect(dashboard.ByTestId("paid-orders")).ToHaveTextAsync("2");
        await Expect(dashboard.ByTestId("refunds")).ToHaveTextAsync("1");
        await Expect(dashboard.ByTestId("rate-refundRate")).ToHaveTextAsync("50%");
        await Expect(dashboard.ByTestId("rate-zeroSecondShare")).ToHaveTextAsync("100%");
        await Expect(dashboard.ByTestId("scenario-not_shipped_refund_only")).ToHaveTextAsync("1");
        await Expect(dashboard.ByTestId("status-succeeded")).ToHaveTextAsync("1");
        await Expect(dashboard.ByTestId("live-status")).ToHaveAttributeAsync("data-state", "connected");

        Assert.True(await page.EvaluateAsync<bool>("() => window.__loadedOnce === true"), "The page was reloaded: the figures must arrive over the stream.");
        foreach (var name in new[] { "nearSellerDeadline", "returnsSignedNotRefunded", "pastShipPromise", "stalledParcels" })
        {
            await Expect(dashboard.ByTestId($"risk-{name}")).ToBeAttachedAsync();
        }

        await Expect(dashboard.ByTestId("completion-chart").Locator("svg rect.bar")).ToHaveCountAsync(9);
        // 退款处理时长 apart: the 0秒退 answered at the request, so its group holds one refund at 0 s.
        var answered = dashboard.ByTestId("response-chart").Locator("g[data-kind=refund_only]");
        await Expect(answered).ToHaveAttributeAsync("data-count", "1");
        await Expect(answered.Locator("rect[data-field=averageSeconds]")).ToHaveAttributeAsync("data-seconds", "0");
        await Expect(dashboard.ByTestId("reason-changed_mind")).ToHaveTextAsync("1");
        // Refunds by SKU: the refunded order's one SKU, and nothing else.
        await Expect(dashboard.ByTestId("sku-SKU-1")).ToHaveTextAsync("1");
        await Expect(page.Locator("#skus tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#skus-none")).ToBeHiddenAsync();
        Assert.Empty(dashboard.ScriptErrors);
    }

    [Fact]
    public async Task Each_rate_of_the_indicator_table_shows_its_level_an_hourly_sparkline_and_today_against_yesterday()
    {
        var shopId = Ids.New("shop-trend");
        await using var dashboard = await host.NewPage();
        var page = dashboard.Page;
        await page.GotoAsync($"/dashboard/shops/{shopId}");
        await Expect(dashboard.ByTestId("live-status")).ToHaveAttributeAsync("data-state", "connected");

        // The page lays out the server's table: one figure per row, in its order, with its Chinese name.
        var table = RefundCluster.Domain.Metrics.Indicators.All;
        await Expect(page.Locator("#rates .figure")).ToHaveCountAsync(table.Length);
        Assert.Equal(table.Select(i => "figure-" + i.Name), await page.Locator("#rates .figure").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.testid)"));
        await Expect(dashboard.ByTestId("figure-disputeRefundRate")).ToContainTextAsync("纠纷退款率");

        // Two paid orders, one refunded at once: a 50 % refund rate (past the 30 % alarm), a 100 % 0-second share (no thresholds).
        var first = Ids.New("o-trend");
        await host.Send(Events.Paid(first, 79m, shopId));
        await host.Send(Events.Paid(Ids.New("o-trend"), 39.5m, shopId));
        await host.Send(Events.RefundRequested(first, Ids.New("r-trend"), 79m));

        await Expect(dashboard.ByTestId("rate-refundRate")).ToHaveTextAsync("50%");
        await Expect(dashboard.ByTestId("figure-refundRate")).ToHaveAttributeAsync("data-level", "alarm");
        await Expect(dashboard.ByTestId("figure-refusalRate")).ToHaveAttributeAsync("data-level", "normal"); // 0 %: fine
        await Expect(dashboard.ByTestId("figure-zeroSecondShare")).ToHaveAttributeAsync("data-level", "normal");

        // The sparkline holds the last 24 hours: nothing before this hour, 50 % in it, drawn as one point.
        await Expect(dashboard.ByTestId("spark-refundRate")).ToHaveAttributeAsync("data-points", new System.Text.RegularExpressions.Regex(@"^,{23}0\.5$"));
        await Expect(dashboard.ByTestId("spark-refundRate").Locator("circle.spark-dot")).ToHaveCountAsync(1);
        await Expect(dashboard.ByTestId("spark-zeroSecondShare")).ToHaveAttributeAsync("data-points", new System.Text.RegularExpressions.Regex(@"^,{23}1$"));

        // Today (China time) against yesterday: the shop is new, so yesterday has no base.
        await Expect(dashboard.ByTestId("trend-refundRate")).ToContainTextAsync("今日 today 50%");
        await Expect(dashboard.ByTestId("trend-refundRate")).ToContainTextAsync("较昨日 vs yesterday —");
        await Expect(dashboard.ByTestId("trend-selfCompletionRate")).ToContainTextAsync("今日 today 100%");
        Assert.Empty(dashboard.ScriptErrors);
    }

    [Fact]
    public async Task A_to_do_counter_opens_its_list_sorted_by_time_left_with_live_countdowns_and_the_list_exports_as_csv()
    {
        var shopId = Ids.New("shop-todo");
        await host.SetDeadline(shopId, "sellerResponse", TimeSpan.FromMinutes(10));
        var waiting = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var order = Ids.New("o-todo");
            var refund = Ids.New("r-todo");
            await host.Send(Events.Paid(order, 500m, shopId));
            await host.Send(Events.RefundRequested(order, refund, 300m)); // over the 200 yuan 0秒退 cap: waits for the seller
            waiting.Add(refund);
            await Task.Delay(1100, TestContext.Current.CancellationToken); // deadlines a second apart: a visible order
        }

        var zero = Ids.New("o-todo");
        await host.Send(Events.Paid(zero, 50m, shopId));
        await host.Send(Events.RefundRequested(zero, Ids.New("r-todo"), 50m)); // refunded at once: nothing to do

        await using var dashboard = await host.NewPage();
        var page = dashboard.Page;
        await page.GotoAsync($"/dashboard/shops/{shopId}");
        await Expect(dashboard.ByTestId("todo-waiting-count")).ToHaveTextAsync("3");
        await Expect(dashboard.ByTestId("todo-near-count")).ToHaveTextAsync("3"); // within the hour of their 10-minute deadline
        await Expect(dashboard.ByTestId("todo-signed-count")).ToHaveTextAsync("0");

        await dashboard.ByTestId("todo-waiting").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/dashboard/shops/{shopId}/refunds\\?status=waiting_seller_agree%2C.*&sort=deadline$"));
        var rows = dashboard.ByTestId("rows").Locator("tr");
        await Expect(rows).ToHaveCountAsync(3);
        Assert.Equal(waiting, await rows.EvaluateAllAsync<string[]>("trs => trs.map(tr => tr.dataset.id)")); // soonest deadline first
        await Expect(rows.First.Locator("td").Nth(2)).ToHaveTextAsync("待卖家同意");
        await Expect(rows.First.Locator("td").Nth(5)).ToHaveTextAsync("300.00");

        // The countdown is the deadline's time left, ticking in the page.
        var countdown = rows.First.Locator("td.countdown");
        await Expect(countdown).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^9m \d{1,2}s left$"));
        var before = await countdown.TextContentAsync();
        await Expect(countdown).Not.ToHaveTextAsync(before!);

        // The export link is the same list as a CSV file: its rows are the page's.
        var csvUrl = await dashboard.ByTestId("export").GetAttributeAsync("href");
        Assert.Contains("format=csv", csvUrl, StringComparison.Ordinal);
        var csv = await page.APIRequest.GetAsync(csvUrl!);
        Assert.Equal(200, csv.Status);
        var lines = (await csv.TextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(waiting, lines.Skip(1).Select(l => l.Split(',')[0]));

        // A row opens its refund.
        await rows.First.Locator("a").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/dashboard/refunds/{waiting[0]}$"));
        Assert.Empty(dashboard.ScriptErrors);
    }

    [Fact]
    public async Task A_risk_list_shows_when_each_item_was_due_and_counts_all_of_them_not_only_the_first_hundred()
    {
        var shopId = Ids.New("shop-risks");
        await host.SetDeadline(shopId, "shipPromise", TimeSpan.FromSeconds(1));
        for (var i = 0; i < 102; i++)
        {
            await host.Send(Events.Paid(Ids.New("o-late"), 10m, shopId));
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);
        await using var dashboard = await host.NewPage();
        await dashboard.Page.GotoAsync($"/dashboard/shops/{shopId}");
        await Expect(dashboard.ByTestId("live-status")).ToHaveAttributeAsync("data-state", "connected");

        // 102 orders past their ship promise: the list shows the API's first 100, the count all of them.
        await Expect(dashboard.ByTestId("risk-pastShipPromise-count")).ToHaveTextAsync("102");
        await Expect(dashboard.ByTestId("risk-pastShipPromise").Locator("li")).ToHaveCountAsync(100);
        var when = await dashboard.ByTestId("risk-pastShipPromise").Locator("li .when").First.TextContentAsync();
        Assert.Matches(@"^ship by \S.* \([\d.]+ s ago\)$", when);

        // An item opens the order's own page, not the API's JSON.
        var first = dashboard.ByTestId("risk-pastShipPromise").Locator("li").First;
        var orderId = await first.GetAttributeAsync("data-id");
        await first.Locator("a").First.ClickAsync();
        await Expect(dashboard.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/dashboard/orders/{orderId}$"));
        await Expect(dashboard.ByTestId("entity-id")).ToHaveTextAsync(orderId!);
        await Expect(dashboard.ByTestId("fact-status")).ToHaveTextAsync("paid");
        await Expect(dashboard.ByTestId("fact-paidAmount")).ToHaveTextAsync("10.00 元");
        await Expect(dashboard.ByTestId("history-entry").First).ToContainTextAsync("paid");
        await Expect(dashboard.ByTestId("shop-link")).ToHaveAttributeAsync("href", $"/dashboard/shops/{shopId}");
        Assert.Empty(dashboard.ScriptErrors);
    }

    [Fact]
    public async Task A_refunds_page_shows_its_status_money_deadlines_and_history()
    {
        var shopId = Ids.New("shop-detail");
        var orderId = Ids.New("o-detail");
        var refundId = Ids.New("r-detail");
        await host.Send(Events.Paid(orderId, 900m, shopId));
        await host.Send(Events.RefundRequested(orderId, refundId, 500m)); // above the 0秒退 cap: waits for the seller
        await using var dashboard = await host.NewPage();

        await dashboard.Page.GotoAsync($"/dashboard/refunds/{refundId}");

        await Expect(dashboard.ByTestId("entity-id")).ToHaveTextAsync(refundId);
        await Expect(dashboard.ByTestId("fact-status")).ToHaveTextAsync("waiting_seller_agree");
        await Expect(dashboard.ByTestId("fact-requestedAmount")).ToHaveTextAsync("500.00 元");
        await Expect(dashboard.ByTestId("deadline").First).ToContainTextAsync("seller_response");
        await Expect(dashboard.ByTestId("history-entry")).Not.ToHaveCountAsync(0);
        Assert.Empty(dashboard.ScriptErrors);
        Assert.False((await dashboard.Page.GotoAsync($"/dashboard/refunds/{Ids.New("none")}"))!.Ok);
    }
}
