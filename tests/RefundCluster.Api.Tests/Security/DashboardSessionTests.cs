using System.Net.Http.Headers;

namespace RefundCluster.Api.Tests.Security;

/// <summary>
/// Dashboard sign-in gives a browser a server-side session, never its key: the cookie reads (GET/HEAD) only, signing
/// out ends it on the server (the same cookie, replayed, is refused), and live feeds opened with it end too.
/// </summary>
public sealed class DashboardSessionTests(ClusterHost host)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Signing_in_sets_a_session_cookie_that_holds_neither_the_key_nor_its_id_and_reads_with_it()
    {
        using var http = BrowserSession.Client(host.Api.Http.BaseAddress!);
        var key = TestCredentials.Operator;

        var (setCookie, cookie) = await BrowserSession.SignIn(http, key.Key);

        Assert.StartsWith("rc_session=", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Key.Split('.')[^1], setCookie, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Id, setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        using var leaderboard = await BrowserSession.Get(http, "v1/metrics/shops", cookie);
        Assert.Equal(HttpStatusCode.OK, leaderboard.StatusCode);
        using var page = await BrowserSession.Get(http, "dashboard", cookie);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task A_session_cookie_cannot_change_anything()
    {
        using var http = BrowserSession.Client(host.Api.Http.BaseAddress!);
        var (_, cookie) = await BrowserSession.SignIn(http, TestCredentials.Admin.Key);
        var order = Ids.New("order");

        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/events")
        {
            Content = new StringContent(Events.Paid(order, 10m).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("auth.required", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Api.Get($"v1/orders/{order}")).Status);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_on_the_server_so_the_same_cookie_replayed_is_refused()
    {
        using var http = BrowserSession.Client(host.Api.Http.BaseAddress!);
        var (_, cookie) = await BrowserSession.SignIn(http, TestCredentials.Operator.Key);
        using (var before = await BrowserSession.Get(http, "v1/metrics/shops", cookie))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var signOut = await BrowserSession.Get(http, "dashboard/logout", cookie);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/dashboard/login", signOut.Headers.Location?.OriginalString);
        Assert.Contains(signOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("rc_session=;", StringComparison.Ordinal));

        using var api = await BrowserSession.Get(http, "v1/metrics/shops", cookie);
        using var page = await BrowserSession.Get(http, "dashboard", cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/dashboard/login", page.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_or_tampered_session_cookie_is_refused()
    {
        using var http = BrowserSession.Client(host.Api.Http.BaseAddress!);
        var (_, cookie) = await BrowserSession.SignIn(http, TestCredentials.Operator.Key);
        var tampered = cookie[..^3] + (cookie[^3] == 'A' ? "B" : "A") + cookie[^2..];

        using var forged = await BrowserSession.Get(http, "v1/metrics/shops", "rc_session=" + TestCredentials.Operator.Key);
        using var altered = await BrowserSession.Get(http, "v1/metrics/shops", tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, altered.StatusCode);
    }

    [Fact]
    public async Task A_live_feed_opened_with_a_session_ends_once_the_session_is_signed_out()
    {
        using var http = BrowserSession.Client(host.Api.Http.BaseAddress!);
        var (_, cookie) = await BrowserSession.SignIn(http, TestCredentials.Operator.Key);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/shops/{Ids.New("shop")}/metrics/stream");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Add("Cookie", cookie);
        using var feed = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        using var reader = new StreamReader(await feed.Content.ReadAsStreamAsync(Cancel));
        Assert.StartsWith("event: metrics", await reader.ReadLineAsync(Cancel), StringComparison.Ordinal);

        using (await BrowserSession.Get(http, "dashboard/logout", cookie))
        {
        }

        // The feed checks its session at each heartbeat (15 s) and then ends: the stream closes.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(40));
        while (await reader.ReadLineAsync(timeout.Token) is not null)
        {
        }
    }
}
