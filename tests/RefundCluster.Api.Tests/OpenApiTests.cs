namespace RefundCluster.Api.Tests;

public sealed class OpenApiTests(ClusterHost host)
{
    [Fact]
    public async Task OpenApi_document_describes_the_endpoints()
    {
        var response = await host.Api.Get("openapi/v1.json");

        ApiAssert.Ok(response);
        Assert.Equal("application/json", response.ContentType);
        var document = response.Json;
        Assert.StartsWith("3.", document.Str("openapi"));
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/v1/events", paths);
        Assert.Contains("/v1/events/batch", paths);
        Assert.Contains("/v1/orders/{orderId}", paths);
        Assert.Contains("/v1/refunds/{refundId}", paths);
        Assert.Contains("/v1/shops/{shopId}/policy", paths);
        Assert.True(document.GetProperty("paths").GetProperty("/v1/events").TryGetProperty("post", out _));
        // Clients generated from it send the key.
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.Str("type"));
        Assert.Equal("header", scheme.Str("in"));
        Assert.Equal("X-Api-Key", scheme.Str("name"));
        Assert.True(document.GetProperty("security")[0].TryGetProperty("ApiKey", out _));
        // Every event kind a client may send is named in it, the newest included.
        foreach (var kind in new[] { "refund.message", "appeal.decided", "replacement.received", "exchange.converted_to_refund", "refund.requested" })
        {
            Assert.Contains($"\"{kind}\"", response.Body);
        }

        Assert.Contains("\"refundVersion\"", response.Body);
        Assert.Contains("\"lineId\"", response.Body);
    }
}
