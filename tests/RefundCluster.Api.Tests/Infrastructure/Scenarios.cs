namespace RefundCluster.Api.Tests.Infrastructure;

/// <summary>Set-up steps many tests share, each checked to be accepted.</summary>
public static class Scenarios
{
    public static async Task<string> PayOrder(this ApiClient api, decimal amount, string shopId = Events.DefaultShop)
    {
        var orderId = Ids.New("order");
        await api.Accept(Events.Paid(orderId, amount, shopId));
        return orderId;
    }

    /// <summary>Paid, shipped and signed for: return-and-refund requests are possible.</summary>
    public static async Task<string> DeliveredOrder(this ApiClient api, decimal amount)
    {
        var orderId = await api.PayOrder(amount);
        await api.Accept(Events.Shipped(orderId));
        await api.Accept(Events.Delivered(orderId));
        return orderId;
    }

    public static async Task<(string RefundId, JsonElement Outcome)> RequestRefund(
        this ApiClient api, string orderId, decimal amount, string refundKind = "refund_only", string reason = "changed_mind")
    {
        var refundId = Ids.New("refund");
        return (refundId, await api.Accept(Events.RefundRequested(orderId, refundId, amount, refundKind, reason)));
    }

    /// <summary>A return-and-refund the seller approved: waiting for the buyer to ship the goods back.</summary>
    public static async Task<(string OrderId, string RefundId)> ApprovedReturn(this ApiClient api, decimal amount)
    {
        var orderId = await api.DeliveredOrder(amount);
        var (refundId, _) = await api.RequestRefund(orderId, amount, "return_and_refund", "quality_defect");
        await api.Accept(Events.Refund("refund.approved", orderId, refundId));
        return (orderId, refundId);
    }

    public static string OrderPath(string orderId) => $"v1/orders/{orderId}";

    public static string RefundPath(string refundId) => $"v1/refunds/{refundId}";

    /// <summary>
    /// A refund in a shop whose seller must answer within one second: its deadline fires almost at once (the timer
    /// refunds it), so that a real-time host records a deadline's lateness.
    /// </summary>
    public static async Task SellerDeadlineDueNow(this ApiClient api, CancellationToken cancel)
    {
        var shop = Ids.New("shop");
        var policy = JsonNode.Parse((await api.GetPolicy(shop)).GetProperty("policy").GetRawText())!.AsObject();
        policy["deadlines"]!["sellerResponse"] = "00:00:01";
        ApiAssert.Ok(await api.PutPolicy(shop, policy.ToJsonString()));
        var order = Ids.New("order");
        var refund = Ids.New("refund");
        await api.Accept(Events.Paid(order, 500m, shop));
        await api.Accept(Events.RefundRequested(order, refund, 500m)); // above the 0秒退 cap: waits for the seller
        for (var attempt = 0; attempt < 100 && (await api.GetRefund(refund)).Str("status") != "succeeded"; attempt++)
        {
            await Task.Delay(100, cancel);
        }
    }
}
