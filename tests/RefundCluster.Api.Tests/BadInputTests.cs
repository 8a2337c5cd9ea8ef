using static RefundCluster.Api.Tests.Infrastructure.Scenarios;

namespace RefundCluster.Api.Tests;

/// <summary>Every refusal: its status, problem+json, its code, and that nothing changed.</summary>
public sealed class BadInputTests(ClusterHost host)
{
    private const decimal Paid = 500m;
    private readonly ApiClient _api = host.Api;

    private sealed record Spoiler(Func<JsonObject, string> Body, HttpStatusCode Status, string Code, bool CanResendOriginal = true);

    private static string Json(JsonObject e) => e.ToJsonString();

    private static Spoiler Field(string name, JsonNode? value, string code, HttpStatusCode status = HttpStatusCode.BadRequest) =>
        new(e => Json(e.With((name, value))), status, code);

    /// <summary>Ways to spoil a valid 100-yuan refund request on a paid 500-yuan order.</summary>
    private static readonly Dictionary<string, Spoiler> Spoilers = new()
    {
        ["malformed json"] = new(e => Json(e)[..^3], HttpStatusCode.BadRequest, "request.malformed_json"),
        ["not an object"] = new(e => $"[{Json(e)}]", HttpStatusCode.BadRequest, "request.invalid_event"),
        ["amount of the wrong type"] = Field("amount", "abc", "request.invalid_field"),
        ["unknown enum value"] = Field("refundKind", "refund_maybe", "request.invalid_field"),
        ["enum as an integer"] = Field("reason", 0, "request.invalid_field"),
        ["unknown field"] = Field("couponCode", "X-1", "request.unknown_field"),
        ["missing eventId"] = new(e => Json(e.With(("eventId", null))), HttpStatusCode.BadRequest, "request.field_required", CanResendOriginal: false),
        ["missing kind"] = Field("kind", null, "request.field_required"),
        ["unknown kind"] = Field("kind", "refund.teleported", "request.unknown_kind"),
        ["missing refundId"] = Field("refundId", null, "request.field_required"),
        ["missing reason"] = Field("reason", null, "request.field_required"),
        ["invalid refundId"] = Field("refundId", "refund with spaces", "request.invalid_id"),
        ["negative amount"] = Field("amount", -5m, "amount.not_positive"),
        ["zero amount"] = Field("amount", 0m, "amount.not_positive"),
        ["omitted amount"] = Field("amount", null, "amount.not_positive"),
        ["three decimals"] = Field("amount", 10.005m, "amount.precision"),
        ["above the paid amount"] = Field("amount", Paid + 0.01m, "refund.amount_exceeds_refundable", HttpStatusCode.UnprocessableEntity),
        ["reason not applicable before shipment"] = Field("reason", "quality_defect", "refund.reason_not_applicable", HttpStatusCode.UnprocessableEntity),
    };

    public static TheoryData<string> SpoilerNames => [.. Spoilers.Keys];

    [Theory]
    [MemberData(nameof(SpoilerNames))]
    public async Task Spoiled_refund_request_is_refused_and_changes_nothing(string spoiler)
    {
        var (body, status, code, canResend) = Spoilers[spoiler];
        var orderId = await _api.PayOrder(Paid);
        var refundId = Ids.New("refund");
        var valid = Events.RefundRequested(orderId, refundId, 100m);
        var before = await _api.Capture(OrderPath(orderId), RefundPath(refundId));

        ApiAssert.Problem(await _api.SendRaw(body(valid)), status, code);

        await before.AssertUnchanged();
        if (canResend)
        {
            // A refused event is not recorded: the integrator may correct it and resend it under the same eventId.
            await _api.Accept(valid);
        }
    }

    [Fact]
    public async Task Events_for_an_unknown_order_are_refused_with_404()
    {
        var orderId = Ids.New("order");
        var refundId = Ids.New("refund");
        var before = await _api.Capture(OrderPath(orderId), RefundPath(refundId));

        ApiAssert.Problem(await _api.Send(Events.RefundRequested(orderId, refundId, 10m)), HttpStatusCode.NotFound, "order.unknown");
        ApiAssert.Problem(await _api.Send(Events.Shipped(orderId)), HttpStatusCode.NotFound, "order.unknown");
        ApiAssert.Problem(await _api.Send(Events.Refund("refund.approved", orderId, refundId)), HttpStatusCode.NotFound, "refund.unknown");

        await before.AssertUnchanged();
        ApiAssert.Problem(await _api.Get(OrderPath(orderId)), HttpStatusCode.NotFound, "order.unknown");
        ApiAssert.Problem(await _api.Get(RefundPath(refundId)), HttpStatusCode.NotFound, "refund.unknown");
    }

    [Theory]
    [InlineData(300, 150, 150.01)] // the first refund is paid out at once (0秒退); the second asks for more than is left
    [InlineData(500, 300, 250)] // the first refund waits for the seller but holds its 300; only 200 is left
    public async Task Refunds_together_cannot_exceed_the_paid_amount(decimal paid, decimal first, decimal second)
    {
        var orderId = await _api.PayOrder(paid);
        var (firstId, _) = await _api.RequestRefund(orderId, first);
        var secondId = Ids.New("refund");
        var before = await _api.Capture(OrderPath(orderId), RefundPath(firstId), RefundPath(secondId));

        var problem = ApiAssert.Problem(
            await _api.Send(Events.RefundRequested(orderId, secondId, second)), HttpStatusCode.UnprocessableEntity, "refund.amount_exceeds_refundable");

        Assert.Contains((paid - first).ToString(System.Globalization.CultureInfo.InvariantCulture), problem.Str("detail"));
        await before.AssertUnchanged();
        Assert.Equal(paid - first, (await _api.GetOrder(orderId)).Dec("refundableAmount"));
    }

    [Fact]
    public async Task Concurrent_refunds_cannot_overspend_the_order()
    {
        var orderId = await _api.PayOrder(500m);

        // Each asks for 300 (above the 0秒退 cap, so each would hold 300 while the seller decides): only one fits.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _api.Send(Events.RefundRequested(orderId, Ids.New("refund"), 300m))));

        Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK),
            r => ApiAssert.Problem(r, HttpStatusCode.UnprocessableEntity, "refund.amount_exceeds_refundable"));
        var order = await _api.GetOrder(orderId);
        Assert.Equal((300m, 200m), (order.Dec("reservedAmount"), order.Dec("refundableAmount")));
    }

    [Fact]
    public async Task Return_signed_before_return_shipped_is_an_illegal_transition()
    {
        var (orderId, refundId) = await _api.ApprovedReturn(200m);
        var before = await _api.Capture(OrderPath(orderId), RefundPath(refundId));

        ApiAssert.Problem(await _api.Send(Events.Refund("return.signed", orderId, refundId)), HttpStatusCode.Conflict, "refund.illegal_transition");

        await before.AssertUnchanged();
    }

    [Theory]
    [InlineData("refund.approved")]
    [InlineData("refund.cancelled")]
    [InlineData("return.signed")]
    public async Task Events_for_a_finished_refund_are_refused(string kind)
    {
        var orderId = await _api.PayOrder(100m);
        var (refundId, _) = await _api.RequestRefund(orderId, 100m); // 0秒退: ended at once
        var before = await _api.Capture(OrderPath(orderId), RefundPath(refundId));

        ApiAssert.Problem(await _api.Send(Events.Refund(kind, orderId, refundId)), HttpStatusCode.Conflict, "refund.already_finished");

        await before.AssertUnchanged();
    }

    [Fact]
    public async Task EventId_reused_for_a_different_payload_is_refused()
    {
        var orderId = await _api.PayOrder(400m);
        var shipped = Events.Shipped(orderId, "SF-FIRST");
        await _api.Accept(shipped);
        var (refundId, _) = await _api.RequestRefund(orderId, 300m); // in transit: waits for the seller, holds 300
        var before = await _api.Capture(OrderPath(orderId), RefundPath(refundId));
        var eventId = shipped["eventId"]!.GetValue<string>();

        var reused = new[]
        {
            shipped.With(("trackingNumber", "SF-SECOND")),
            Events.Delivered(orderId).With(("eventId", eventId)),
        };
        foreach (var e in reused)
        {
            ApiAssert.Problem(await _api.Send(e), HttpStatusCode.Conflict, "event.id_reused");
        }

        await before.AssertUnchanged();
    }

    [Fact]
    public async Task Resent_event_replays_the_first_answer_and_changes_nothing()
    {
        var orderId = await _api.PayOrder(500m);
        var refundId = Ids.New("refund");
        var request = Events.RefundRequested(orderId, refundId, 300m); // above the cap: holds 300 while the seller decides
        var first = await _api.Accept(request);
        var before = await _api.Capture(OrderPath(orderId), RefundPath(refundId));

        var replays = new List<JsonElement>();
        foreach (var e in new[] { request, request.With(("occurredAt", "2025-11-11T00:00:00+08:00")) })
        {
            var response = await _api.Send(e);
            ApiAssert.Ok(response);
            replays.Add(response.Json);
        }

        foreach (var replay in replays)
        {
            Assert.Equal("duplicate", replay.Str("status"));
            Assert.Equal(first.Int("version"), replay.Int("version"));
            Assert.Equal(first.Str("entityStatus"), replay.Str("entityStatus"));
            Assert.Equal(first.GetProperty("actions").ToString(), replay.GetProperty("actions").ToString());
        }

        await before.AssertUnchanged();
        var order = await _api.GetOrder(orderId);
        Assert.Equal(300m, order.Dec("reservedAmount"));
        Assert.Equal(200m, order.Dec("refundableAmount"));
    }
}
