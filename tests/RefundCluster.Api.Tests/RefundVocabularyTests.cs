namespace RefundCluster.Api.Tests;

/// <summary>Over HTTP: TOP's vocabulary on the views, an order's list of refunds, and conditional writes by refund version.</summary>
public sealed class RefundVocabularyTests(ClusterHost host)
{
    private readonly ApiClient _api = host.Api;

    [Fact]
    public async Task The_order_lists_its_refunds_and_speaks_tops_trade_status()
    {
        var orderId = await _api.DeliveredOrder(300m);
        var (first, _) = await _api.RequestRefund(orderId, 40m, "return_and_refund", "quality_defect");
        var (second, _) = await _api.RequestRefund(orderId, 60m, "refund_only", "missing_items");

        var order = await _api.GetOrder(orderId);

        Assert.Equal("WAIT_BUYER_CONFIRM_GOODS", order.Str("taobaoStatus"));
        var refunds = order.GetProperty("refunds").EnumerateArray().ToList();
        Assert.Equal([first, second], refunds.Select(r => r.Str("refundId"))); // oldest first
        Assert.Equal(100m, refunds.Sum(r => r.Dec("requestedAmount")));
        Assert.All(refunds, r => Assert.Equal("WAIT_SELLER_AGREE", r.Str("taobaoStatus")));
    }

    [Fact]
    public async Task A_refund_view_carries_tops_fields_and_what_may_be_done_next()
    {
        var orderId = await _api.DeliveredOrder(300m);
        var (refundId, _) = await _api.RequestRefund(orderId, 50m, "return_and_refund", "quality_defect");

        var view = await _api.GetRefund(refundId);

        var taobao = view.GetProperty("taobao");
        Assert.Equal("WAIT_SELLER_AGREE", taobao.Str("status"));
        Assert.Equal("BUYER_RECEIVED", taobao.Str("goodStatus"));
        Assert.True(taobao.GetProperty("hasGoodReturn").GetBoolean());
        Assert.Equal("onsale", taobao.Str("refundPhase"));
        Assert.Equal("WAIT_BUYER_CONFIRM_GOODS", taobao.Str("orderStatus"));
        Assert.Equal(1, taobao.GetProperty("csStatus").GetInt32());
        Assert.Equal(300m, taobao.Dec("payment"));
        Assert.Equal(view.GetProperty("version").GetInt32(), taobao.GetProperty("refundVersion").GetInt32());
        Assert.Equal("on_sale", view.Str("salePhase"));
        Assert.Equal(["approve", "refuse", "cancel", "modify", "make_offer"], view.GetProperty("allowedOperations").EnumerateArray().Select(o => o.GetString()));
    }

    [Fact]
    public async Task A_write_with_a_stale_refund_version_is_refused_and_changes_nothing()
    {
        var orderId = await _api.PayOrder(900m);
        var (refundId, _) = await _api.RequestRefund(orderId, 500m); // above the 0秒退 cap: waits for the seller
        var version = (await _api.GetRefund(refundId)).GetProperty("version").GetInt32();
        var before = await _api.Capture(Scenarios.RefundPath(refundId), Scenarios.OrderPath(orderId));

        var stale = await _api.Send(Events.Refund("refund.approved", orderId, refundId, ("refundVersion", version - 1)));

        ApiAssert.Problem(stale, HttpStatusCode.Conflict, "refund.version_stale");
        await before.AssertUnchanged();
        var outcome = await _api.Accept(Events.Refund("refund.approved", orderId, refundId, ("refundVersion", version)));
        Assert.Equal("succeeded", outcome.Str("entityStatus"));
    }

    [Fact]
    public async Task A_dispute_with_evidence_and_an_upheld_appeal_over_http()
    {
        var orderId = await _api.DeliveredOrder(300m);
        var (refundId, _) = await _api.RequestRefund(orderId, 80m, "refund_only", "not_as_described");

        await _api.Accept(Events.Refund("intervention.requested", orderId, refundId, ("requestedBy", "seller")));
        await _api.Accept(Events.Refund("refund.message", orderId, refundId, ("owner", "seller"), ("content", "验货凭证"),
            ("pictureUrls", new JsonArray("https://img.example/a.jpg"))));
        ApiAssert.Problem(await _api.Send(Events.Refund("refund.message", orderId, refundId, ("owner", "buyer"), ("content", "x"),
            ("pictureUrls", new JsonArray("javascript:alert(1)")))), HttpStatusCode.BadRequest, "refund.message_invalid");
        await _api.Accept(Events.Refund("refund.judged", orderId, refundId, ("winner", "buyer"), ("merchantResponsible", true)));
        await _api.Accept(Events.Refund("appeal.filed", orderId, refundId, ("reason", "signed for")));
        await _api.Accept(Events.Refund("appeal.decided", orderId, refundId, ("upheld", true)));

        var view = await _api.GetRefund(refundId);
        Assert.Equal("seller", view.Str("interventionRequestedBy"));
        Assert.False(view.GetProperty("disputeRaised").GetBoolean()); // seller-raised: not the buyer's help request
        var message = Assert.Single(view.GetProperty("messages").EnumerateArray());
        Assert.Equal(("seller", "验货凭证", "https://img.example/a.jpg"),
            (message.Str("owner"), message.Str("content"), message.GetProperty("pictureUrls")[0].GetString()));
        Assert.True(view.GetProperty("appealUpheld").GetBoolean());
        Assert.False(view.GetProperty("merchantResponsible").GetBoolean());
        Assert.Equal(80m, view.Dec("refundedAmount"));
    }

    [Fact]
    public async Task A_refund_names_a_line_of_the_order_and_is_capped_by_that_lines_share()
    {
        var orderId = Ids.New("order");
        await _api.Accept(Events.Paid(orderId, 900m).With(("lines", new JsonArray(
            new JsonObject { ["lineId"] = "oid-1", ["sku"] = "SKU-A", ["quantity"] = 2, ["unitPrice"] = 300m },
            new JsonObject { ["lineId"] = "oid-2", ["sku"] = "SKU-B", ["quantity"] = 1, ["unitPrice"] = 300m }))));
        var refundId = Ids.New("refund");

        ApiAssert.Problem(await _api.Send(Events.RefundRequested(orderId, refundId, 300.01m).With(("lineId", "oid-2"))),
            HttpStatusCode.UnprocessableEntity, "refund.amount_exceeds_refundable");
        await _api.Accept(Events.RefundRequested(orderId, refundId, 250m).With(("lineId", "oid-2"), ("quantity", 1)));

        var refund = await _api.GetRefund(refundId);
        Assert.Equal(("oid-2", 1), (refund.Str("lineId"), refund.GetProperty("quantity").GetInt32()));
        var order = await _api.GetOrder(orderId);
        var lines = order.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(["oid-1", "oid-2"], lines.Select(l => l.Str("lineId")));
        Assert.Equal([600m, 300m], lines.Select(l => l.Dec("paid")));
        Assert.Equal([0m, 250m], lines.Select(l => l.Dec("refundedOrHeld")));
        Assert.Equal("oid-2", Assert.Single(order.GetProperty("refunds").EnumerateArray()).Str("lineId"));
    }
}
