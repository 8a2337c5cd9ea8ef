using System.Text.Json.Nodes;

namespace RefundCluster.Testing;

/// <summary>Wire-format events with fresh eventIds, as mutable JSON so bad-input tests can spoil them.</summary>
public static class Events
{
    /// <summary>A shop whose policy no test changes: the platform defaults (0秒退 up to 200 yuan).</summary>
    public const string DefaultShop = "shop-api-tests-default";

    public static JsonObject Paid(string orderId, decimal amount, string shopId = DefaultShop) => Event("order.paid", orderId,
        ("shopId", shopId), ("buyerId", "buyer-1"),
        ("lines", new JsonArray(new JsonObject { ["sku"] = "SKU-1", ["quantity"] = 1, ["unitPrice"] = amount })),
        ("paidAmount", amount));

    public static JsonObject Shipped(string orderId, string trackingNumber = "SF1000001") => Event("order.shipped", orderId, ("trackingNumber", trackingNumber));

    public static JsonObject Delivered(string orderId) => Event("order.delivered", orderId);

    public static JsonObject RefundRequested(
        string orderId, string refundId, decimal amount, string refundKind = "refund_only", string reason = "changed_mind") =>
        Refund("refund.requested", orderId, refundId, ("refundKind", refundKind), ("reason", reason), ("amount", amount));

    /// <summary>Any refund event: refund.approved, return.shipped, return.signed ...</summary>
    public static JsonObject Refund(string kind, string orderId, string refundId, params (string Name, JsonNode? Value)[] fields) =>
        Event(kind, orderId, [("refundId", refundId), .. fields]);

    public static JsonObject Event(string kind, string orderId, params (string Name, JsonNode? Value)[] fields)
    {
        var e = new JsonObject { ["eventId"] = Ids.New("evt"), ["kind"] = kind, ["orderId"] = orderId };
        foreach (var (name, value) in fields)
        {
            e[name] = value;
        }

        return e;
    }

    /// <summary>A copy with some fields replaced (null value removes the field).</summary>
    public static JsonObject With(this JsonObject e, params (string Name, JsonNode? Value)[] changes)
    {
        var copy = (JsonObject)e.DeepClone();
        foreach (var (name, value) in changes)
        {
            if (value is null)
            {
                copy.Remove(name);
            }
            else
            {
                copy[name] = value;
            }
        }

        return copy;
    }
}
