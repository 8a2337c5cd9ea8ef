using System.Net.Http.Headers;

namespace RefundCluster.Api.Tests;

/// <summary>The interactive API reference: behind the dashboard's sign-in, for any key, reading the live document.</summary>
public sealed class ApiReferenceTests(ClusterHost host)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_browser_without_a_credential_is_sent_to_the_login_form()
    {
        using var http = Browser();

        using var response = await http.GetAsync("dashboard/api/", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/dashboard/login?returnUrl=%2Fdashboard%2Fapi%2F", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_integrator_signs_in_and_reads_the_reference_and_the_document_it_renders()
    {
        using var http = Browser();
        var (_, cookie) = await BrowserSession.SignIn(http, TestCredentials.Integrator.Key, "/dashboard/api/");

        using var page = await Get(http, "dashboard/api/", cookie);
        var html = await page.Content.ReadAsStringAsync(Cancel);
        using var script = await Get(http, "dashboard/api/scalar.js", cookie);
        using var document = await Get(http, "openapi/v1.json", cookie);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>RefundCluster API</title>", html, StringComparison.Ordinal);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
    }

    [Fact]
    public async Task An_integrator_signing_in_from_the_login_form_lands_on_the_reference_and_an_operator_on_the_dashboard()
    {
        using var http = Browser();

        Assert.Equal("/dashboard/api/", await Landing(http, TestCredentials.Integrator.Key));
        Assert.Equal("/dashboard", await Landing(http, TestCredentials.Operator.Key));
    }

    private HttpClient Browser() => BrowserSession.Client(host.Api.Http.BaseAddress!);

    private static async Task<string?> Landing(HttpClient http, string key)
    {
        using var form = new FormUrlEncodedContent([new("key", key), new("returnUrl", "/dashboard")]);
        using var response = await http.PostAsync("dashboard/login", form, Cancel);
        return response.Headers.Location?.OriginalString;
    }

    private static Task<HttpResponseMessage> Get(HttpClient http, string path, string cookie) => BrowserSession.Get(http, path, cookie);
}
