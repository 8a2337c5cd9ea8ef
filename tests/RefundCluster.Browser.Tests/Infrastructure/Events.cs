using System.Text.Json.Nodes;

namespace RefundCluster.Browser.Tests.Infrastructure;

/// <summary>Wire-format events (see the README walkthrough) with fresh ids, so tests sharing a host never meet.</summary>
public static class Events
{
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static JsonObject Paid(string shopId, string orderId, decimal amount) => new()
    {
        ["kind"] = "order.paid",
        ["eventId"] = NewId("pay"),
        ["orderId"] = orderId,
        ["shopId"] = shopId,
        ["buyerId"] = "buyer-browser-tests",
        ["lines"] = new JsonArray(new JsonObject { ["sku"] = "tea-250g", ["quantity"] = 1, ["unitPrice"] = amount }),
        ["paidAmount"] = amount,
    };

    /// <summary>Refund only, before shipment: under the default 0秒退 cap (200 yuan) it succeeds at once.</summary>
    public static JsonObject RefundRequested(string orderId, string refundId, decimal amount) => new()
    {
        ["kind"] = "refund.requested",
        ["eventId"] = NewId("req"),
        ["orderId"] = orderId,
        ["refundId"] = refundId,
        ["refundKind"] = "refund_only",
        ["reason"] = "changed_mind",
        ["amount"] = amount,
    };
}
