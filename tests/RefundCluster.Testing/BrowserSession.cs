using System.Net;
using Xunit;

namespace RefundCluster.Testing;

/// <summary>What a browser does with the dashboard's sign-in: posts the form, keeps the cookie, sends it back.</summary>
public static class BrowserSession
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A client that neither follows redirects nor keeps cookies: each test says what it sends.</summary>
    public static HttpClient Client(Uri baseAddress) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Signs in through the form; returns the Set-Cookie header and the "name=value" a browser sends back.</summary>
    public static async Task<(string SetCookie, string Cookie)> SignIn(HttpClient http, string key, string returnUrl = "/dashboard")
    {
        using var form = new FormUrlEncodedContent([new("key", key), new("returnUrl", returnUrl)]);
        using var response = await http.PostAsync("dashboard/login", form, Cancel);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(returnUrl, response.Headers.Location?.OriginalString);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        return (setCookie, setCookie.Split(';')[0]);
    }

    public static Task<HttpResponseMessage> Get(HttpClient http, string path, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        request.Headers.Accept.Add(new("text/html"));
        return http.SendAsync(request, Cancel);
    }
}
