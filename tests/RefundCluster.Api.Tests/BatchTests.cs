using static RefundCluster.Api.Tests.Infrastructure.Scenarios;

namespace RefundCluster.Api.Tests;

public sealed class BatchTests(ClusterHost host)
{
    private readonly ApiClient _api = host.Api;

    [Fact]
    public async Task Mixed_batch_applies_the_good_items_and_refuses_the_bad_ones_at_their_indexes()
    {
        var (a, b) = (Ids.New("order"), Ids.New("order"));
        var (refundA, refundB) = (Ids.New("refund"), Ids.New("refund"));
        var paidA = Events.Paid(a, 100m);
        var items = new (JsonNode Event, string? Code)[]
        {
            (paidA, null),
            (Events.RefundRequested(a, refundA, 100m), null), // needs item 0 applied first
            (Events.RefundRequested(Ids.New("order"), Ids.New("refund"), 10m), "order.unknown"),
            (Events.Paid(b, 200m), null),
            (Events.RefundRequested(b, Ids.New("refund"), 10m).With(("amount", "abc")), "request.invalid_field"),
            (JsonValue.Create(42), "request.invalid_event"),
            (Events.Shipped(b), null),
            (Events.RefundRequested(b, Ids.New("refund"), 1000m), "refund.amount_exceeds_refundable"),
            (Events.Delivered(b), null), // needs item 6 applied first
            (Events.Shipped(b).With(("eventId", null)), "request.field_required"),
            (Events.RefundRequested(b, refundB, 50m, "return_and_refund", "size"), null), // needs item 8 applied first
            (Events.Paid(a, 100m).With(("bogus", true)), "request.unknown_field"),
        };

        var response = await _api.SendBatch(items.Select(i => i.Event.DeepClone()).Append(paidA.DeepClone()));

        ApiAssert.Ok(response);
        var batch = response.Json;
        Assert.Equal(items.Length + 1, batch.GetProperty("items").GetArrayLength());
        for (var i = 0; i < items.Length; i++)
        {
            ApiAssert.BatchItem(batch, i, items[i].Code);
        }

        Assert.Equal("duplicate", batch.GetProperty("items")[items.Length].Str("status")); // paidA sent again, last
        Assert.Equal(items.Count(i => i.Code is null), batch.Int("accepted"));
        Assert.Equal(items.Count(i => i.Code is not null), batch.Int("rejected"));
        Assert.Equal(1, batch.Int("duplicates"));

        var orderA = await _api.GetOrder(a);
        Assert.Equal(("closed", 100m), (orderA.Str("status"), orderA.Dec("refundedAmount")));
        Assert.Equal("succeeded", (await _api.GetRefund(refundA)).Str("status"));
        var orderB = await _api.GetOrder(b);
        Assert.Equal(("delivered", 50m), (orderB.Str("status"), orderB.Dec("reservedAmount")));
        Assert.Equal("waiting_seller_agree", (await _api.GetRefund(refundB)).Str("status"));
    }

    [Fact]
    public async Task One_orders_whole_return_in_one_batch_is_applied_in_the_order_given()
    {
        var orderId = Ids.New("order");
        var refundId = Ids.New("refund");
        JsonObject[] events =
        [
            Events.Paid(orderId, 80m),
            Events.Shipped(orderId),
            Events.Delivered(orderId),
            Events.RefundRequested(orderId, refundId, 80m, "return_and_refund", "wrong_item"),
            Events.Refund("refund.approved", orderId, refundId),
            Events.Refund("return.shipped", orderId, refundId, ("trackingNumber", "ZTO42")),
            Events.Refund("return.signed", orderId, refundId),
            Events.Refund("refund.approved", orderId, refundId),
        ];

        var response = await _api.SendBatch(events);

        ApiAssert.Ok(response);
        Assert.Equal(events.Length, response.Json.Int("accepted"));
        var refund = await _api.GetRefund(refundId);
        Assert.Equal(("succeeded", 80m), (refund.Str("status"), refund.Dec("refundedAmount")));
        Assert.Equal(80m, (await _api.GetOrder(orderId)).Dec("refundedAmount"));
    }

    [Fact]
    public async Task Batch_of_1001_events_is_refused_whole()
    {
        var orderIds = Enumerable.Range(0, 1001).Select(_ => Ids.New("order")).ToArray();
        var before = await _api.Capture(OrderPath(orderIds[0]), OrderPath(orderIds[^1]));

        ApiAssert.Problem(await _api.SendBatch(orderIds.Select(id => Events.Paid(id, 1m))), HttpStatusCode.BadRequest, "batch.too_large");

        await before.AssertUnchanged();
    }

    [Theory]
    [InlineData("[]", "batch.empty")]
    [InlineData("{}", "batch.not_an_array")]
    [InlineData("[{\"eventId\":", "request.malformed_json")]
    public async Task Batch_body_that_is_not_a_list_of_events_is_refused(string body, string code) =>
        ApiAssert.Problem(await _api.SendBatchRaw(body), HttpStatusCode.BadRequest, code);

    [Fact]
    public async Task Batch_of_exactly_1000_events_is_accepted()
    {
        var orderIds = Enumerable.Range(0, 1000).Select(_ => Ids.New("order")).ToArray();

        var response = await _api.SendBatch(orderIds.Select(id => Events.Paid(id, 1m)));

        ApiAssert.Ok(response);
        Assert.Equal(1000, response.Json.Int("accepted"));
        Assert.Equal("paid", (await _api.GetOrder(orderIds[^1])).Str("status"));
    }
}
