namespace RefundCluster.Browser.Tests;

/// <summary>The platform page in a real browser: the leaderboard, polled every 2 s, and its links to the shop pages.</summary>
public sealed class PlatformDashboardTests(BrowserHost host)
{
    [Fact]
    public async Task Leaderboard_lists_shops_with_events_and_links_to_their_pages()
    {
        var shops = new[] { Ids.New("shop-board-a"), Ids.New("shop-board-b") };
        foreach (var shopId in shops)
        {
            var orderId = Ids.New("o-board");
            await host.Send(Events.Paid(orderId, 20m, shopId));
            await host.Send(Events.RefundRequested(orderId, Ids.New("r-board"), 20m));
        }

        await using var dashboard = await host.NewPage();
        var page = dashboard.Page;
        var response = await page.GotoAsync("/dashboard/");
        Assert.True(response is { Ok: true }, $"GET /dashboard/ answered {response?.Status}: is index.html served?");

        // Other tests' shops share the board: find each of these by its id.
        var leaderboard = dashboard.ByTestId("leaderboard");
        foreach (var shopId in shops)
        {
            await dashboard.ByTestId("leaderboard-search").FillAsync(shopId);
            await Expect(leaderboard.GetByTestId($"leaderboard-row-{shopId}")).ToBeVisibleAsync();
            await Expect(dashboard.ByTestId("leaderboard-page")).ToHaveTextAsync("1 / 1 · 1 shop");
        }

        // A shop's name opens its page, which shows that shop's figures.
        await dashboard.ByTestId("leaderboard-search").FillAsync(shops[0]);
        await leaderboard.GetByTestId($"leaderboard-row-{shops[0]}").GetByRole(AriaRole.Link, new() { Name = shops[0] }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(host.BaseAddress, $"dashboard/shops/{shops[0]}").ToString());
        await Expect(dashboard.ByTestId("paid-orders")).ToHaveTextAsync("1");
        await Expect(dashboard.ByTestId("refunds")).ToHaveTextAsync("1");
        Assert.Empty(dashboard.ScriptErrors);
    }

    [Fact]
    public async Task Column_headers_sort_the_leaderboard_and_a_search_pages_through_the_shops_it_finds()
    {
        // 23 shops of one prefix, with 1, 2 or 3 refunds each (0秒退: refunded at once).
        var prefix = Ids.New("findme");
        for (var i = 0; i < 23; i++)
        {
            var shopId = $"{prefix}-{i:D2}";
            for (var r = 0; r <= i % 3; r++)
            {
                var orderId = Ids.New("o-find");
                await host.Send(Events.Paid(orderId, 20m, shopId));
                await host.Send(Events.RefundRequested(orderId, Ids.New("r-find"), 20m));
            }
        }

        await using var dashboard = await host.NewPage();
        var page = dashboard.Page;
        await page.GotoAsync("/dashboard/?sort=refund_rate");
        await dashboard.ByTestId("leaderboard-search").FillAsync(prefix);

        var label = dashboard.ByTestId("leaderboard-page");
        var rows = page.Locator("#leaderboard-body tr");
        await Expect(label).ToHaveTextAsync("1 / 2 · 23 shops", new() { Timeout = 30_000 });
        await Expect(rows).ToHaveCountAsync(20);
        Assert.All(await page.Locator("#leaderboard-body tr td:nth-child(2)").AllInnerTextsAsync(), id => Assert.StartsWith(prefix, id));
        await dashboard.ByTestId("leaderboard-next").ClickAsync();
        await Expect(label).ToHaveTextAsync("2 / 2 · 23 shops");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(dashboard.ByTestId("leaderboard-next")).ToBeDisabledAsync();

        // A click on the refunds header sorts by refunds, most first, from the first page.
        await page.Locator("th[data-sort=refunds]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sort=refunds"));
        await Expect(page.Locator("th[data-sort=refunds]")).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(dashboard.ByTestId("sort-select")).ToHaveValueAsync("refunds");
        await Expect(label).ToHaveTextAsync("1 / 2 · 23 shops");
        // Shops 2, 5, …, 20 have three refunds (7), shops 1, 4, …, 22 two (8), the rest one (8): the first page is
        // every three, every two, and five ones.
        string[] firstPage = [.. Enumerable.Repeat("3", 7), .. Enumerable.Repeat("2", 8), .. Enumerable.Repeat("1", 5)];
        await Expect(page.Locator("#leaderboard-body tr td:nth-child(3)")).ToHaveTextAsync(firstPage, new() { Timeout = 30_000 });

        // The view is in the address: a reload keeps the sort and the search.
        await page.ReloadAsync();
        await Expect(dashboard.ByTestId("leaderboard-search")).ToHaveValueAsync(prefix);
        await Expect(dashboard.ByTestId("sort-select")).ToHaveValueAsync("refunds");
        await Expect(label).ToHaveTextAsync("1 / 2 · 23 shops", new() { Timeout = 30_000 });
        Assert.Empty(dashboard.ScriptErrors);
    }
}
