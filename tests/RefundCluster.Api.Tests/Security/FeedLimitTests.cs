using System.Net.Http.Headers;

namespace RefundCluster.Api.Tests.Security;

/// <summary>A host where a credential may hold two live feeds open at once.</summary>
public sealed class TwoFeedsHost() : HostFixture(1, ["--Security:MaxFeedsPerCredential=2"]);

/// <summary>Live feeds are capped per credential (and per silo); a closed feed gives its room back.</summary>
public sealed class FeedLimitTests(TwoFeedsHost host) : IClassFixture<TwoFeedsHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_credential_past_its_open_feeds_gets_429_other_credentials_do_not_and_a_closed_feed_frees_its_room()
    {
        using var operatorHttp = TestCredentials.Operator.NewClient(host.Api.Http.BaseAddress, TimeSpan.FromSeconds(60));
        var shop = Ids.New("shop");

        using var first = await Open(operatorHttp, shop);
        using var second = await Open(operatorHttp, shop);
        using var third = await Open(operatorHttp, shop);
        using var admin = await Open(host.Api.Http, shop);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"auth.too_many_feeds\"", await third.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.True(third.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After {third.Headers.RetryAfter}");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);

        first.Dispose(); // the client goes away: the server sees the connection close
        var reopened = await Eventually(async () =>
        {
            var response = await Open(operatorHttp, shop);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return response;
            }

            response.Dispose();
            return null;
        });
        using (reopened)
        {
            Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        }
    }

    private static Task<HttpResponseMessage> Open(HttpClient http, string shop)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"v1/shops/{shop}/metrics/stream");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
    }

    private static async Task<HttpResponseMessage> Eventually(Func<Task<HttpResponseMessage?>> attempt)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (await attempt() is { } response)
            {
                return response;
            }

            Assert.True(DateTime.UtcNow < deadline, "The closed feed's room never came back.");
            await Task.Delay(200, Cancel);
        }
    }
}
