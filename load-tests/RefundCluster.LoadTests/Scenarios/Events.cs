using System.Text.Json.Nodes;

namespace RefundCluster.LoadTests.Scenarios;

/// <summary>The integrator events the scenarios send (the HTTP API's JSON).</summary>
public static class Events
{
    /// <summary>The SKU of an order when no <see cref="DataFeed"/> names one.</summary>
    public const string DefaultSku = "sku-1";

    public static JsonObject Paid(string eventId, string orderId, string shopId, decimal amount, string? sku = null) => new()
    {
        ["kind"] = "order.paid", ["eventId"] = eventId, ["orderId"] = orderId, ["shopId"] = shopId, ["buyerId"] = $"b-{orderId}",
        ["lines"] = new JsonArray(new JsonObject { ["sku"] = sku ?? DefaultSku, ["quantity"] = 1, ["unitPrice"] = amount }),
        ["paidAmount"] = amount,
    };

    public static JsonObject Order(string kind, string eventId, string orderId, params (string Name, JsonNode? Value)[] fields) =>
        With(new JsonObject { ["kind"] = kind, ["eventId"] = eventId, ["orderId"] = orderId }, fields);

    public static JsonObject Refund(string kind, string eventId, string orderId, string refundId, params (string Name, JsonNode? Value)[] fields) =>
        With(new JsonObject { ["kind"] = kind, ["eventId"] = eventId, ["orderId"] = orderId, ["refundId"] = refundId }, fields);

    private static JsonObject With(JsonObject e, (string Name, JsonNode? Value)[] fields)
    {
        foreach (var (name, value) in fields)
        {
            e[name] = value;
        }

        return e;
    }
}
