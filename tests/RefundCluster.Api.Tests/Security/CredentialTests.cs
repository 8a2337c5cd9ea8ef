using System.Globalization;
using System.Net.NetworkInformation;
using RefundCluster.Silo.Security;

namespace RefundCluster.Api.Tests.Security;

/// <summary>Keys, rate limits, who-did-what, and what the embedded host listens on.</summary>
public sealed class CredentialTests(ClusterHost host) : IClassFixture<ClusterHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("")]
    [InlineData("rck.")]
    [InlineData("rck..secret")]
    [InlineData("rck.tests-admin.")]
    [InlineData("rck.tests-admin.wrong-secret")]
    [InlineData("rck.no-such-key.c2VjcmV0")]
    [InlineData("Bearer rck.tests-admin.x")]
    [InlineData("rck.tests admin.x")]
    public async Task A_wrong_key_is_refused_with_401_and_a_code(string key)
    {
        using var http = new HttpClient { BaseAddress = host.Api.Http.BaseAddress };
        http.DefaultRequestHeaders.TryAddWithoutValidation(ApiKeyAuthenticationHandler.HeaderName, key);

        using var response = await http.GetAsync("v1/metrics/shops", Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var code = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.Str("code");
        Assert.True(code is "auth.invalid_key" or "auth.required", code);
    }

    [Fact]
    public async Task A_key_works_as_a_bearer_token_too()
    {
        using var http = new HttpClient { BaseAddress = host.Api.Http.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", TestCredentials.Operator.Key);

        using var response = await http.GetAsync("metrics", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("dashboard/dashboard.css", HttpStatusCode.OK)]
    [InlineData("dashboard/shop.js", HttpStatusCode.OK)]
    [InlineData("dashboard/index.html", HttpStatusCode.Unauthorized)]
    [InlineData("dashboard/shop.html", HttpStatusCode.Unauthorized)]
    [InlineData("dashboard/login.html", HttpStatusCode.Unauthorized)]
    public async Task Without_a_key_only_the_dashboards_scripts_and_styles_are_served(string path, HttpStatusCode expected)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Api.Http.BaseAddress };

        using var response = await http.GetAsync(path, Cancel);

        Assert.True(response.StatusCode == expected || (expected == HttpStatusCode.Unauthorized && response.StatusCode == HttpStatusCode.Redirect),
            $"{path}: {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_key_with_a_rate_that_is_not_a_positive_number_cannot_be_used(double rate)
    {
        var (_, hash) = ApiKey.Generate("rated");

        Assert.NotNull(new StoredCredential { Id = "rated", Hash = hash, Roles = [Role.Integrator], RequestsPerSecond = rate }.Problem());
    }

    [Theory]
    [InlineData("/%09/evil.example/x")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example")]
    [InlineData("/%C3%A9")]
    public async Task Signing_in_never_redirects_off_the_site(string returnUrl)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Api.Http.BaseAddress };
        using var form = new FormUrlEncodedContent([new("key", TestCredentials.Operator.Key), new("returnUrl", Uri.UnescapeDataString(returnUrl))]);

        using var response = await http.PostAsync("dashboard/login", form, Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public void Keys_are_random_and_only_their_hash_is_compared()
    {
        var (key, hash) = ApiKey.Generate("abc");
        var (other, _) = ApiKey.Generate("abc");

        Assert.NotEqual(key, other);
        Assert.True(ApiKey.Matches(key, hash));
        Assert.False(ApiKey.Matches(other, hash));
        Assert.True(ApiKey.TryGetId(key, out var id));
        Assert.Equal("abc", id);
        Assert.DoesNotContain(key, hash, StringComparison.Ordinal);
        Assert.Equal(64, hash.Length);
    }

    [Fact]
    public async Task A_burst_over_a_credentials_rate_gets_429_with_Retry_After_and_other_credentials_are_not_slowed()
    {
        using var throttled = TestCredentials.Throttled.NewClient(host.Api.Http.BaseAddress, TimeSpan.FromSeconds(30));
        var shop = Ids.New("shop");

        var burst = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var response = await throttled.GetAsync($"v1/shops/{shop}/policy", Cancel);
            return (response.StatusCode, response.Headers.RetryAfter?.Delta, Body: await response.Content.ReadAsStringAsync(Cancel));
        }));
        var others = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => host.Api.Get($"v1/shops/{shop}/policy")));

        var limited = burst.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.Contains(burst, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(limited, r =>
        {
            Assert.True(r.Delta >= TimeSpan.FromSeconds(1), $"Retry-After {r.Delta}");
            Assert.Contains("auth.rate_limited", r.Body, StringComparison.Ordinal);
        });
        Assert.All(others, r => Assert.Equal(HttpStatusCode.OK, r.Status));
    }

    [Fact]
    public async Task Judgments_and_every_other_step_record_the_credential_that_sent_them()
    {
        using var integratorHttp = TestCredentials.Integrator.NewClient(host.Api.Http.BaseAddress, TimeSpan.FromSeconds(30));
        var integrator = new ApiClient(integratorHttp);
        var order = await host.Api.DeliveredOrder(300m);
        var refund = Ids.New("refund");
        await host.Api.Accept(Events.RefundRequested(order, refund, 300m, reason: "not_as_described"));
        await host.Api.Accept(Events.Refund("refund.refused", order, refund, ("reason", "item used")));
        await integrator.Accept(Events.Refund("intervention.requested", order, refund));
        await integrator.Accept(Events.Refund("intervention.started", order, refund));
        await integrator.Accept(Events.Refund("refund.judged", order, refund, ("winner", "buyer"), ("merchantResponsible", true)));

        var history = (await host.Api.GetRefund(refund)).GetProperty("history").EnumerateArray().ToList();

        Assert.Equal(TestCredentials.Admin.Id, history.First(h => h.Str("action") == "refund_requested").Str("credential"));
        Assert.Equal(TestCredentials.Integrator.Id, Assert.Single(history, h => h.Str("action")!.Contains("judg", StringComparison.Ordinal)).Str("credential"));
    }

    [Fact]
    public async Task A_credential_sent_inside_an_event_is_never_taken_for_the_sender()
    {
        var order = Ids.New("order");

        await host.Api.Accept(Events.Paid(order, 10m).With(("sentBy", "someone-else")));

        var paid = (await host.Api.GetOrder(order)).GetProperty("history")[0];
        Assert.Equal(TestCredentials.Admin.Id, paid.Str("credential"));
    }

    [Fact]
    public void The_embedded_silo_gateway_and_HTTP_ports_listen_on_loopback_only()
    {
        var listening = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners();
        var http = host.Api.Http.BaseAddress!.Port;
        var ports = new[] { http, host.Ports.Silo, host.Ports.Gateway };

        foreach (var port in ports)
        {
            var endpoints = listening.Where(e => e.Port == port).ToList();
            Assert.True(endpoints.Count > 0, $"nothing listens on {port.ToString(CultureInfo.InvariantCulture)}");
            Assert.All(endpoints, e => Assert.True(System.Net.IPAddress.IsLoopback(e.Address), $"port {e.Port} listens on {e.Address}"));
        }
    }
}
