namespace RefundCluster.Api.Tests;

/// <summary>
/// Refusals the framework makes before an endpoint runs (no such path, a method or content type the endpoint does not
/// take, a parameter that cannot be bound) are problem+json with a catalogue code too, and change nothing.
/// </summary>
public sealed class FrameworkProblemTests(ClusterHost host)
{
    public static TheoryData<string, string, string?, string, int, string> Refusals => new()
    {
        { "POST", "v1/events", "{}", "text/plain", 415, "request.unsupported_media_type" },
        { "POST", "v1/events/batch", "[]", "application/xml", 415, "request.unsupported_media_type" },
        { "PUT", "v1/shops/fw-shop/policy", "{}", "text/plain", 415, "request.unsupported_media_type" },
        { "DELETE", "v1/events", null, "", 405, "request.method_not_allowed" },
        { "GET", "v1/no-such-thing", null, "", 404, "request.no_endpoint" },
        { "GET", "v1/metrics/shops?top=ten", null, "", 400, "request.invalid_parameter" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Framework_refusals_carry_a_catalogue_code(string method, string path, string? body, string contentType, int status, string code)
    {
        var response = await host.Api.Request(new HttpMethod(method), path, body, contentType);

        var problem = ApiAssert.Problem(response, (HttpStatusCode)status, code);
        Assert.Equal($"https://refundcluster.dev/errors/{code}", problem.Str("type"));
    }

    [Fact]
    public async Task An_event_sent_as_text_is_refused_and_not_applied()
    {
        var order = Ids.New("order");

        var response = await host.Api.Request(HttpMethod.Post, "v1/events", Events.Paid(order, 10m).ToJsonString(), "text/plain");

        ApiAssert.Problem(response, HttpStatusCode.UnsupportedMediaType, "request.unsupported_media_type");
        Assert.Equal(HttpStatusCode.NotFound, (await host.Api.Get($"v1/orders/{order}")).Status);
    }
}
