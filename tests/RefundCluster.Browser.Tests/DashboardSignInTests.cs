namespace RefundCluster.Browser.Tests;

/// <summary>Signing in to the dashboard in a real browser: a shop service sees its own shop, live, and nothing else.</summary>
public sealed class DashboardSignInTests(BrowserHost host)
{
    [Fact]
    public async Task Without_a_key_the_dashboard_asks_for_one_and_refuses_a_wrong_one()
    {
        await using var dashboard = await host.NewAnonymousPage();
        var page = dashboard.Page;

        await page.GotoAsync("/dashboard");
        Assert.Contains("/dashboard/login", page.Url, StringComparison.Ordinal);

        await dashboard.ByTestId("login-key").FillAsync("rck.nobody.not-a-key");
        await dashboard.ByTestId("login-submit").ClickAsync();

        await Expect(dashboard.ByTestId("login-message")).ToContainTextAsync("Unknown");
        Assert.Contains("/dashboard/login", page.Url, StringComparison.Ordinal);
        Assert.Empty(dashboard.ScriptErrors);
    }

    [Fact]
    public async Task A_shop_service_lands_on_its_shop_sees_it_live_and_cannot_open_another_shop()
    {
        var own = TestCredentials.ScopedShop;
        await using var dashboard = await host.NewPage(TestCredentials.ShopService);
        var page = dashboard.Page;

        await page.GotoAsync("/dashboard");
        Assert.EndsWith($"/dashboard/shops/{own}", page.Url, StringComparison.Ordinal);
        await Expect(dashboard.ByTestId("live-status")).ToHaveAttributeAsync("data-state", "connected");
        var before = int.Parse(await dashboard.ByTestId("paid-orders").TextContentAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await host.Send(Events.Paid(Ids.New("o-signin"), 20m, own));
        await Expect(dashboard.ByTestId("paid-orders")).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var other = await page.GotoAsync($"/dashboard/shops/{TestCredentials.OtherShop}");
        Assert.Equal(404, other?.Status);
        var leaderboard = await page.APIRequest.GetAsync("/v1/metrics/shops");
        Assert.Equal(403, leaderboard.Status);
        Assert.Empty(dashboard.ScriptErrors);
    }

    [Fact]
    public async Task The_browser_keeps_a_session_not_the_key_and_signing_out_ends_it_even_for_a_copied_cookie()
    {
        var key = TestCredentials.Operator;
        await using var dashboard = await host.NewPage(key);
        var page = dashboard.Page;
        await Expect(dashboard.ByTestId("sign-out")).ToBeVisibleAsync();
        var cookies = await dashboard.Context.CookiesAsync();
        var session = Assert.Single(cookies);
        Assert.Equal("rc_session", session.Name);
        Assert.True(session.HttpOnly);
        Assert.DoesNotContain(key.Key.Split('.')[^1], session.Value, StringComparison.Ordinal);

        await dashboard.ByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/dashboard/login", StringComparison.Ordinal));
        Assert.Empty(await dashboard.Context.CookiesAsync());

        // Someone who copied the cookie before the sign-out gets nothing with it.
        await using var copy = await host.NewAnonymousPage();
        await copy.Context.AddCookiesAsync([new Cookie { Name = session.Name, Value = session.Value, Domain = session.Domain, Path = session.Path }]);
        await copy.Page.GotoAsync("/dashboard");
        Assert.Contains("/dashboard/login", copy.Page.Url, StringComparison.Ordinal);
        var api = await copy.Page.APIRequest.GetAsync("/v1/metrics/shops");
        Assert.Equal(401, api.Status);
        Assert.Empty(dashboard.ScriptErrors);
    }
}
