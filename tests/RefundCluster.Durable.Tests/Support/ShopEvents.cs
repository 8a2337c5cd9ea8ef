using System.Text;

namespace RefundCluster.Durable.Tests.Support;

/// <summary>Single events of a test shop's orders (<c>{shop}-o{n}</c>) and refunds (<c>{shop}-r{n}</c>), sent one by one.</summary>
public static class ShopEvents
{
    public static JsonObject Paid(string shop, int order, decimal amount) => new()
    {
        ["kind"] = "order.paid", ["eventId"] = $"pay-{shop}-{order}", ["orderId"] = $"{shop}-o{order}", ["shopId"] = shop, ["buyerId"] = "b",
        ["lines"] = new JsonArray(new JsonObject { ["sku"] = "S", ["quantity"] = 1, ["unitPrice"] = amount }), ["paidAmount"] = amount,
    };

    public static JsonObject Refund(string kind, string shop, int order, params (string Name, JsonNode? Value)[] fields)
    {
        var e = new JsonObject { ["kind"] = kind, ["eventId"] = $"{kind}-{shop}-{order}", ["orderId"] = $"{shop}-o{order}", ["refundId"] = $"{shop}-r{order}" };
        foreach (var (name, value) in fields)
        {
            e[name] = value;
        }

        return e;
    }

    /// <summary>Posts one event and asserts it was accepted.</summary>
    public static async Task Send(HttpClient http, JsonObject e, CancellationToken cancel)
    {
        using var content = new StringContent(e.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("v1/events", content, cancel);
        Assert.True(response.IsSuccessStatusCode, $"{e["kind"]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancel)}");
    }
}
