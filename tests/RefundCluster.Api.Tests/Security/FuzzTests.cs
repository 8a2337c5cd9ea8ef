using System.Text;
using CsCheck;

namespace RefundCluster.Api.Tests.Security;

/// <summary>A host of its own, so that its log holds only what the fuzzing caused.</summary>
public sealed class FuzzHost() : HostFixture(1);

/// <summary>
/// Thousands of generated payloads against the real host: valid events over a pool of live orders and refunds, mutated
/// (fields dropped, replaced by hostile values, unknown fields, wrong kinds, truncated or garbled text), alone and in
/// batches. Never a 5xx, never a change from a refused event, never an error in the host's log.
/// </summary>
public sealed partial class FuzzTests(FuzzHost host) : IClassFixture<FuzzHost>
{
    public const int SingleCases = 3000;
    public const int BatchCases = 300;

    private static readonly string Shop = Ids.New("fuzz-shop");

    private static readonly string[] FieldNames =
    [
        "eventId", "kind", "orderId", "refundId", "shopId", "buyerId", "lines", "paidAmount", "amount", "reason", "refundKind",
        "trackingNumber", "returnAddress", "occurredAt", "winner", "merchantResponsible", "offerKind", "note", "requestedBy",
        "filedBy", "specialCategory", "outForDelivery", "sentBy", "quantity", "unitPrice", "sku",
    ];

    private static readonly string[] Kinds =
    [
        "order.paid", "order.shipped", "order.delivered", "order.completed", "order.logistics_updated", "refund.requested",
        "refund.approved", "refund.refused", "refund.cancelled", "refund.modified", "return.shipped", "return.signed",
        "offer.made", "refund.judged", "interception.requested", "nonsense", "", "ORDER.PAID",
    ];

    /// <summary>Hostile values, as JSON text: extremes, wrong types, tricks with numbers and strings.</summary>
    private static readonly string[] HostileValues =
    [
        "null", "true", "0", "-0", "-0.00", "1e400", "-1e400", "0.001", "-1", "79.999", "99999999999999999999999999999", "1.5e-300",
        "\"NaN\"", "\"Infinity\"", "\"\"", "\"x\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\u202e\"", "\"<script>alert(1)</script>\"",
        "\"../../etc/passwd\"", "\"a/b\"", "\"1970-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"2026-13-45\"", "[]", "{}",
        "[[[[[[[[[[1]]]]]]]]]]", "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{}}}}}}}}", "\"" + new string('x', 600) + "\"",
        "[" + string.Join(',', Enumerable.Repeat("{\"sku\":\"s\",\"quantity\":1,\"unitPrice\":1}", 250)) + "]", "2147483648", "-2147483649",
    ];

    private sealed record Pool(string[] Orders, string[] Refunds);

    /// <summary>One generated request: its body, and the pool entities it names (to prove a refusal changed nothing).</summary>
    private sealed record FuzzCase(string Body, string Order, string Refund)
    {
        public override string ToString() => Body.Length > 400 ? Body[..400] + "…" : Body;
    }

    [Fact]
    public async Task Random_and_mutated_events_never_cause_a_5xx_nor_a_change_when_refused_nor_an_error_in_the_log()
    {
        var pool = await CreatePool();
        var rejected = 0;
        var accepted = 0;

        await Cases(pool).SampleAsync(async c =>
        {
            var before = await host.Api.Capture(Scenarios.OrderPath(c.Order), Scenarios.RefundPath(c.Refund));
            var response = await host.Api.SendRaw(c.Body);

            Assert.True((int)response.Status < 500, $"{(int)response.Status} for {c}: {response.Body}");
            if (response.Status == HttpStatusCode.OK)
            {
                accepted++;
                Assert.True(response.Json.Str("status") is "accepted" or "duplicate", response.Body);
            }
            else
            {
                rejected++;
                Assert.Equal("application/problem+json", response.ContentType);
                Assert.False(string.IsNullOrEmpty(response.Json.Str("code")), response.Body);
                await before.AssertUnchanged();
            }
        }, iter: SingleCases, threads: 1, seed: null);

        TestContext.Current.TestOutputHelper?.WriteLine($"{SingleCases} cases: {accepted} accepted, {rejected} refused with a 4xx, 0 with a 5xx");
        Assert.True(rejected > SingleCases / 2, $"only {rejected} of {SingleCases} refused: the mutations are too tame");
        Assert.True(accepted > 0, "no case was accepted: the templates are broken");
        AssertCleanLog();
    }

    [Fact]
    public async Task Random_batches_are_answered_item_by_item_and_never_with_a_5xx()
    {
        var pool = await CreatePool();

        await Gen.Int[1, 20].SelectMany(n => Mutated(pool).Array[n]).SampleAsync(async events =>
        {
            var body = "[" + string.Join(',', events.Select(e => e.Body)) + "]";
            var response = await host.Api.SendBatchRaw(body);

            Assert.True((int)response.Status < 500, $"{(int)response.Status}: {response.Body}");
            if (response.Status == HttpStatusCode.OK)
            {
                Assert.Equal(events.Length, response.Json.GetProperty("items").GetArrayLength());
            }
            else
            {
                Assert.Equal("application/problem+json", response.ContentType);
            }
        }, iter: BatchCases, threads: 1, seed: null);

        AssertCleanLog();
    }

    private void AssertCleanLog()
    {
        var errors = host.RecentOutput.Split('\n').Where(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal)
            || l.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(errors.Count == 0, $"The host logged errors:{Environment.NewLine}{host.RecentOutput}");
    }

    private async Task<Pool> CreatePool()
    {
        var orders = new List<string>();
        var refunds = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var order = await host.Api.DeliveredOrder(500m + i);
            var (refund, _) = await host.Api.RequestRefund(order, 300m, reason: "not_as_described");
            orders.Add(order);
            refunds.Add(refund);
        }

        orders.Add(await host.Api.PayOrder(100m, Shop));
        refunds.Add(Ids.New("refund"));
        return new Pool([.. orders], [.. refunds]);
    }

    /// <summary>Whole requests: mostly mutated events, some garbled at the text level.</summary>
    private static Gen<FuzzCase> Cases(Pool pool) => Gen.Frequency(
        (8, Mutated(pool)),
        (1, Gen.Select(Mutated(pool), Gen.Int[0, 1000], (c, cut) => c with { Body = c.Body[..Math.Min(cut, c.Body.Length)] })),
        (1, Gen.Select(Mutated(pool), Gen.Int[0, 1000], Gen.Char, (c, at, ch) => c with { Body = c.Body.Insert(Math.Min(at, c.Body.Length), ch.ToString()) })),
        (1, Gen.Select(Gen.String, Gen.Int[0, pool.Orders.Length - 1], (text, i) => new FuzzCase(text, pool.Orders[i], pool.Refunds[i]))));

    private static Gen<FuzzCase> Mutated(Pool pool) =>
        from i in Gen.Int[0, pool.Orders.Length - 1]
        from template in Gen.Int[0, Templates.Length - 1]
        from mutations in Mutation.Array[0, 3]
        select Apply(Templates[template](pool.Orders[i], pool.Refunds[i]), mutations, pool.Orders[i], pool.Refunds[i]);

    private static FuzzCase Apply(JsonObject e, (int Op, int Field, int Value, int Kind)[] mutations, string poolOrder, string poolRefund)
    {
        // The entities the unspoiled event is about: a refusal must leave them exactly as they were.
        var order = e["orderId"]?.GetValue<string>() ?? poolOrder;
        var refund = e["refundId"]?.GetValue<string>() ?? poolRefund;
        foreach (var (op, field, value, kind) in mutations)
        {
            var name = FieldNames[field % FieldNames.Length];
            switch (op)
            {
                case 0:
                    e.Remove(name);
                    break;
                case 1:
                    e[name] = Raw(value);
                    break;
                case 2:
                    e["kind"] = Kinds[kind % Kinds.Length];
                    break;
                default:
                    e[$"x{value}"] = Raw(value);
                    break;
            }
        }

        // Hostile values go in as text: some (a lone surrogate, 1e400) are not values a JSON library would write.
        var body = RawMarker().Replace(e.ToJsonString(), m => HostileValues[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);
        return new FuzzCase(body, order, refund);
    }

    private static string Raw(int value) => $"@@raw{value % HostileValues.Length}@@";

    [System.Text.RegularExpressions.GeneratedRegex("\"@@raw(\\d+)@@\"")]
    private static partial System.Text.RegularExpressions.Regex RawMarker();

    private static readonly Gen<(int, int, int, int)> Mutation =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.Int[0, 1000]);

    /// <summary>Valid events about a pool order and its refund (some valid only in some states: refusals are expected).</summary>
    private static readonly Func<string, string, JsonObject>[] Templates =
    [
        (o, _) => Events.Paid(Ids.New("fuzz-order"), 42.5m, Shop),
        (o, _) => Events.Shipped(o),
        (o, _) => Events.Delivered(o),
        (o, r) => Events.RefundRequested(o, Ids.New("fuzz-refund"), 10m),
        (o, r) => Events.Refund("refund.approved", o, r, ("returnAddress", "Hangzhou")),
        (o, r) => Events.Refund("refund.refused", o, r, ("reason", "used")),
        (o, r) => Events.Refund("refund.modified", o, r, ("amount", 20m)),
        (o, r) => Events.Refund("offer.made", o, r, ("offerKind", "partial_refund"), ("amount", 5m)),
        (o, r) => Events.Refund("return.shipped", o, r, ("trackingNumber", "YT1")),
        (o, r) => Events.Refund("refund.cancelled", o, r),
    ];
}
