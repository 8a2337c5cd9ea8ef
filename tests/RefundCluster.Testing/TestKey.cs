using RefundCluster.Silo.Security;

namespace RefundCluster.Testing;

/// <summary>An API key the test hosts accept, with what it may do.</summary>
public sealed record TestKey(string Id, string Key, StoredCredential Record)
{
    public void Authorize(HttpClient http) => http.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, Key);

    public HttpClient NewClient(Uri? baseAddress, TimeSpan timeout)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = timeout };
        Authorize(http);
        return http;
    }
}
