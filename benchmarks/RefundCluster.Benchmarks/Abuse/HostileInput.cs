namespace RefundCluster.Benchmarks.Abuse;

/// <summary>
/// The kinds of hostile input phase C sends, each a request a well-behaved integrator never makes and the API must
/// refuse with a 4xx: broken or truncated JSON, wrong kinds, unknown fields, wrong types, texts up to and past the
/// size limit, deep nesting, broken Unicode, the wrong content type. Ids are fresh per request (n), as a hostile
/// client's would be, so that nothing is answered from a cache.
/// </summary>
public static class HostileInput
{
    public sealed record Kind(string Name, string Path, string ContentType, Func<long, string> Body);

    private const string Json = "application/json";

    /// <summary>Just under <c>JsonBody.MaxSingleBytes</c> (64 KiB) with the rest of the event.</summary>
    private static readonly string NearLimit = new('x', 60_000);

    /// <summary>Past the 64 KiB a single event may have.</summary>
    private static readonly string PastLimit = new('x', 70_000);

    private static readonly string Deep = new string('[', 200) + new string(']', 200);

    public static readonly Kind[] All =
    [
        new("malformed JSON", "v1/events", Json, n => $$"""{"eventId":"h-{{n}}","kind":"order.paid",,"orderId":}"""),
        new("not JSON", "v1/events", Json, n => $"<event id=\"{n}\">paid</event>"),
        new("truncated event", "v1/events", Json, n => Paid(n)[..(Paid(n).Length / 2)]),
        new("unknown kind", "v1/events", Json, n => Paid(n).Replace("\"order.paid\"", "\"order.teleported\"", StringComparison.Ordinal)),
        new("refund event for no such refund", "v1/events", Json,
            n => $$"""{"eventId":"h-{{n}}","kind":"refund.approved","orderId":"h-order-{{n}}","refundId":"h-refund-{{n}}"}"""),
        new("unknown field", "v1/events", Json, n => Paid(n)[..^1] + ""","couponCode":"FREE-MONEY"}"""),
        new("wrong type", "v1/events", Json, n => Paid(n).Replace("\"paidAmount\":10", "\"paidAmount\":\"ten\"", StringComparison.Ordinal)),
        new("huge id near the size limit", "v1/events", Json, n => Paid(n).Replace("\"buyer\"", $"\"{NearLimit}\"", StringComparison.Ordinal)),
        new("huge text near the size limit", "v1/events", Json, n => Paid(n).Replace("\"SKU-1\"", $"\"{NearLimit}\"", StringComparison.Ordinal)),
        new("body past the size limit", "v1/events", Json, n => Paid(n).Replace("\"SKU-1\"", $"\"{PastLimit}\"", StringComparison.Ordinal)),
        new("deep nesting", "v1/events", Json, _ => Deep),
        new("broken Unicode", "v1/events", Json, n => Paid(n).Replace("\"buyer\"", "\"\\ud800\"", StringComparison.Ordinal)),
        new("number out of range", "v1/events", Json, n => Paid(n).Replace("\"paidAmount\":10", "\"paidAmount\":1e400", StringComparison.Ordinal)),
        new("array instead of an event", "v1/events", Json, n => $"[{Paid(n)}]"),
        new("empty body", "v1/events", Json, _ => ""),
        new("wrong content type", "v1/events", "text/plain", Paid),
    ];

    /// <summary>A valid order.paid for a new order: the template the kinds above spoil.</summary>
    private static string Paid(long n) =>
        $$"""{"eventId":"h-{{n}}","kind":"order.paid","orderId":"h-order-{{n}}","shopId":"h-shop","buyerId":"buyer","lines":[{"sku":"SKU-1","quantity":1,"unitPrice":10}],"paidAmount":10}""";
}
