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

        var leaderboard = dashboard.ByTestId("leaderboard");
        foreach (var shopId in shops)
        {
            await Expect(leaderboard.GetByTestId($"leaderboard-row-{shopId}")).ToBeVisibleAsync();
        }

        // A shop's name opens its page, which shows that shop's figures.
        await leaderboard.GetByTestId($"leaderboard-row-{shops[0]}").GetByRole(AriaRole.Link, new() { Name = shops[0] }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(host.BaseAddress, $"dashboard/shops/{shops[0]}").ToString());
        await Expect(dashboard.ByTestId("paid-orders")).ToHaveTextAsync("1");
        await Expect(dashboard.ByTestId("refunds")).ToHaveTextAsync("1");
        Assert.Empty(dashboard.ScriptErrors);
    }
}
