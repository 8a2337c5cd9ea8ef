namespace RefundCluster.Api.Tests;

/// <summary>The README walkthrough against the real host.</summary>
public sealed class WalkthroughTests(ClusterHost host)
{
    private readonly ApiClient _api = host.Api;

    [Theory]
    [InlineData(100, 100, "closed")] // fully refunded before shipment: the order closes
    [InlineData(300, 50, "paid")]
    public async Task Not_shipped_refund_under_the_zero_second_cap_is_refunded_at_once(decimal paid, decimal refund, string orderStatus)
    {
        var orderId = await _api.PayOrder(paid);

        var (refundId, outcome) = await _api.RequestRefund(orderId, refund);

        Assert.Equal("succeeded", outcome.Str("entityStatus"));
        Assert.Contains("refund_executed", outcome.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        var view = await _api.GetRefund(refundId);
        Assert.Equal("succeeded", view.Str("status"));
        Assert.Equal("SUCCESS", view.Str("taobaoStatus"));
        Assert.True(view.GetProperty("zeroSecond").GetBoolean());
        Assert.Equal("zero_second_refund", view.Str("automation"));
        Assert.Equal("not_shipped_refund_only", view.Str("scenario"));
        Assert.Equal(refund, view.Dec("refundedAmount"));
        Assert.Equal(["refund_requested", "refund_executed"], view.HistoryActions().Take(2));
        var order = await _api.GetOrder(orderId);
        Assert.Equal(orderStatus, order.Str("status"));
        Assert.Equal(refund, order.Dec("refundedAmount"));
        Assert.Equal(0m, order.Dec("reservedAmount"));
        Assert.Equal(paid - refund, order.Dec("refundableAmount"));
    }

    [Fact]
    public async Task Return_and_refund_runs_to_completion()
    {
        const decimal paid = 300m, returned = 120m;
        var orderId = await _api.DeliveredOrder(paid);
        var refundId = Ids.New("refund");
        var steps = new (JsonObject Event, string Status, string TaobaoStatus, string Deadline)[]
        {
            (Events.RefundRequested(orderId, refundId, returned, "return_and_refund", "quality_defect"),
                "waiting_seller_agree", "WAIT_SELLER_AGREE", "seller_response"),
            (Events.Refund("refund.approved", orderId, refundId, ("returnAddress", "Hangzhou, Xixi Rd 969")),
                "waiting_buyer_return", "WAIT_BUYER_RETURN_GOODS", "buyer_ship_return"),
            (Events.Refund("return.shipped", orderId, refundId, ("trackingNumber", "YT7788")),
                "waiting_seller_confirm_goods", "WAIT_SELLER_CONFIRM_GOODS", "seller_confirm_receipt"),
            (Events.Refund("return.signed", orderId, refundId),
                "return_signed", "WAIT_SELLER_CONFIRM_GOODS", "refund_after_return_signed"),
            (Events.Refund("refund.approved", orderId, refundId), "succeeded", "SUCCESS", "appeal_window"),
        };

        foreach (var (e, status, taobaoStatus, deadline) in steps)
        {
            Assert.Equal(status, (await _api.Accept(e)).Str("entityStatus"));
            var view = await _api.GetRefund(refundId);
            Assert.Equal(status, view.Str("status"));
            Assert.Equal(taobaoStatus, view.Str("taobaoStatus"));
            Assert.Equal([deadline], view.GetProperty("deadlines").Strings("kind"));
        }

        var refund = await _api.GetRefund(refundId);
        Assert.Equal(returned, refund.Dec("refundedAmount"));
        Assert.Equal("refunded", refund.Str("outcome"));
        Assert.Equal("seller", refund.Str("endedBy"));
        Assert.False(refund.GetProperty("zeroSecond").GetBoolean());
        Assert.Equal("quality_defect", refund.Str("firstReason"));
        Assert.Equal("Hangzhou, Xixi Rd 969", refund.Str("returnAddress"));
        Assert.Equal("YT7788", refund.Str("returnTrackingNumber"));
        string[] expected = ["refund_requested", "return_approved", "return_shipped", "return_signed", "refund_executed"];
        Assert.Equal(expected, refund.HistoryActions().Where(expected.Contains));
        var order = await _api.GetOrder(orderId);
        Assert.Equal("delivered", order.Str("status"));
        Assert.Equal(returned, order.Dec("refundedAmount"));
        Assert.Equal(paid - returned, order.Dec("refundableAmount"));
        Assert.Equal(0m, order.Dec("reservedAmount"));
    }
}
