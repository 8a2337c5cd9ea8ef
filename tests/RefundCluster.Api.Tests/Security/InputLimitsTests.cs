using System.Text;

namespace RefundCluster.Api.Tests.Security;

/// <summary>Every bound on what a client controls: each breach is a 4xx problem with its code, and nothing is applied.</summary>
public sealed class InputLimitsTests(ClusterHost host) : IClassFixture<ClusterHost>
{
    private ApiClient Api => host.Api;

    public static TheoryData<string> BreachNames => [.. Breaches.Keys];

    /// <summary>A shipment event on a paid order, spoiled one way; each with the code it must be refused with.</summary>
    private static readonly Dictionary<string, (Func<JsonObject, JsonObject> Spoil, string Code)> Breaches = new()
    {
        ["text over 512 characters"] = (e => e.With(("trackingNumber", new string('S', 513))), "request.text_too_long"),
        ["control character in a text"] = (e => e.With(("trackingNumber", "SF\u0000123")), "request.invalid_text"),
        ["timestamp in 1970"] = (e => e.With(("occurredAt", "1970-01-01T00:00:00Z")), "request.timestamp_out_of_range"),
        ["timestamp next year"] = (e => e.With(("occurredAt", DateTimeOffset.UtcNow.AddYears(1).ToString("O"))), "request.timestamp_out_of_range"),
        ["eventId of 129 characters"] = (e => e.With(("eventId", new string('e', 129))), "request.invalid_id"),
        ["orderId with a slash"] = (e => e.With(("orderId", "o/../1")), "request.invalid_id"),
        ["a field the event does not have"] = (e => e.With(("shippedBy", "me")), "request.unknown_field"),
        ["number where text belongs"] = (e => e.With(("trackingNumber", 12)), "request.invalid_field"),
    };

    [Theory]
    [MemberData(nameof(BreachNames))]
    public async Task An_event_out_of_bounds_is_refused_with_its_code_and_changes_nothing(string breach)
    {
        var order = await Api.PayOrder(100m);
        var before = await Api.Capture(Scenarios.OrderPath(order));
        var (spoil, code) = Breaches[breach];

        var response = await Api.Send(spoil(Events.Shipped(order)));

        ApiAssert.Problem(response, HttpStatusCode.BadRequest, code);
        await before.AssertUnchanged();
    }

    [Fact]
    public async Task Money_is_never_a_negative_zero_nor_more_than_two_decimals()
    {
        var order = Ids.New("order");

        ApiAssert.Problem(await Api.SendRaw(Events.Paid(order, 10m).ToJsonString().Replace("\"paidAmount\":10", "\"paidAmount\":-0.00", StringComparison.Ordinal)),
            HttpStatusCode.BadRequest, "request.negative_zero");
        ApiAssert.Problem(await Api.Send(Events.Paid(order, 10.005m)), HttpStatusCode.BadRequest, "amount.precision");
        ApiAssert.Problem(await Api.SendRaw(Events.Paid(order, 10m).ToJsonString().Replace("\"paidAmount\":10", "\"paidAmount\":1e400", StringComparison.Ordinal)),
            HttpStatusCode.BadRequest, "request.invalid_field");
        ApiAssert.Problem(await Api.SendRaw(Events.Paid(order, 10m).ToJsonString().Replace("\"paidAmount\":10", "\"paidAmount\":\"NaN\"", StringComparison.Ordinal)),
            HttpStatusCode.BadRequest, "request.invalid_field");
        ApiAssert.Problem(await Api.Get(Scenarios.OrderPath(order)), HttpStatusCode.NotFound, "order.unknown");
    }

    [Fact]
    public async Task A_lone_surrogate_escaped_in_the_JSON_is_refused()
    {
        var order = await Api.PayOrder(100m);
        var before = await Api.Capture(Scenarios.OrderPath(order));
        var shipped = Events.Shipped(order, "SURROGATE").ToJsonString().Replace("SURROGATE", "SF\\ud800x", StringComparison.Ordinal);

        var response = await Api.SendRaw(shipped);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains(response.Json.Str("code"), new[] { "request.invalid_text", "request.invalid_field" });
        await before.AssertUnchanged();
    }

    [Fact]
    public async Task Counts_and_lists_have_ceilings()
    {
        var order = Ids.New("order");
        var line = new JsonObject { ["sku"] = "SKU-1", ["quantity"] = 1, ["unitPrice"] = 1m };

        var tooMany = Events.Paid(order, 201m).With(("lines", new JsonArray([.. Enumerable.Range(0, 201).Select(_ => line.DeepClone())])));
        var hugeQuantity = Events.Paid(order, 10m).With(("lines", new JsonArray(new JsonObject { ["sku"] = "SKU-1", ["quantity"] = 2_000_000, ["unitPrice"] = 1m })));

        ApiAssert.Problem(await Api.Send(tooMany), HttpStatusCode.BadRequest, "request.list_too_long");
        ApiAssert.Problem(await Api.Send(Events.Paid(order, 10m).With(("lines", new JsonArray(null, line.DeepClone())))), HttpStatusCode.BadRequest, "request.invalid_field");
        ApiAssert.Problem(await Api.PutPolicy(Ids.New("shop"), "{\"autoRefundSkus\":[null]}"), HttpStatusCode.BadRequest, "request.invalid_field");
        ApiAssert.Problem(await Api.Send(hugeQuantity), HttpStatusCode.BadRequest, "request.number_out_of_range");
        ApiAssert.Problem(await Api.Get(Scenarios.OrderPath(order)), HttpStatusCode.NotFound, "order.unknown");
    }

    [Fact]
    public async Task Bodies_have_a_size_limit_per_endpoint()
    {
        var order = Ids.New("order");
        var padded = Events.Paid(order, 10m).ToJsonString().TrimEnd('}') + ",\"pad\":\"" + new string(' ', 70_000) + "\"}";
        var hugeBatch = "[" + string.Join(',', Enumerable.Repeat(padded, 31)) + "]"; // 2.2 MB

        ApiAssert.Problem(await Api.SendRaw(padded), HttpStatusCode.RequestEntityTooLarge, "request.too_large");
        ApiAssert.Problem(await Api.SendBatchRaw(hugeBatch), HttpStatusCode.RequestEntityTooLarge, "request.too_large");
        ApiAssert.Problem(await Api.PutPolicy(Ids.New("shop"), "{\"returnAddress\":\"" + new string('x', 70_000) + "\"}"), HttpStatusCode.RequestEntityTooLarge, "request.too_large");
        ApiAssert.Problem(await Api.Get(Scenarios.OrderPath(order)), HttpStatusCode.NotFound, "order.unknown");
    }

    [Fact]
    public async Task A_body_sent_in_chunks_without_a_length_is_held_to_the_same_limit()
    {
        var order = Ids.New("order");
        var padded = Events.Paid(order, 10m).ToJsonString().TrimEnd('}') + ",\"pad\":\"" + new string(' ', 70_000) + "\"}";
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(padded)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/events") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await Api.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("request.too_large", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_nested_deeper_than_eight_levels_is_refused()
    {
        var deep = new string('[', 9) + new string(']', 9);

        ApiAssert.Problem(await Api.SendBatchRaw(deep), HttpStatusCode.BadRequest, "request.too_deep");
        ApiAssert.Problem(await Api.SendRaw("{\"a\":" + deep + "}"), HttpStatusCode.BadRequest, "request.too_deep");
    }

    [Fact]
    public async Task A_breach_in_a_batch_spoils_only_its_own_item()
    {
        var good = Ids.New("order");
        var bad = Ids.New("order");

        var batch = ApiAssert.Ok(await Api.SendBatch([Events.Paid(good, 10m), Events.Paid(bad, 10m).With(("buyerId", "b\u0007"))]));

        ApiAssert.BatchItem(batch, 0, null);
        ApiAssert.BatchItem(batch, 1, "request.invalid_id");
        ApiAssert.Ok(await Api.Get(Scenarios.OrderPath(good)));
        ApiAssert.Problem(await Api.Get(Scenarios.OrderPath(bad)), HttpStatusCode.NotFound, "order.unknown");
    }
}
