using System.IO.Compression;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Recording;
using RefundCluster.Domain.Policies;
using RefundCluster.Grains.Recording;

namespace RefundCluster.Api.Tests;

/// <summary>
/// The recording and the what-if against the real host, on a grain clock 3600 times real time (a seller-response timer
/// of one hour fires after a second): a randomised run of lifecycles is recorded, exported, and replayed through the
/// pure core; under the policy in force the replay reproduces every refund exactly (status, outcome, automation, money,
/// end time, timer-ended ones included), and a candidate policy's differences are the ones its rules imply.
/// </summary>
public sealed class RecordingTests(DemoClusterHost host) : IClassFixture<DemoClusterHost>
{
    private const decimal ZeroSecondCap = 100m;

    [Fact]
    public async Task Replaying_the_recording_under_the_policy_in_force_reproduces_every_refund_and_a_candidate_differs_as_its_rules_say()
    {
        var cancel = TestContext.Current.CancellationToken;
        var api = host.Api;
        var shop = Ids.New("shop");
        var policy = JsonNode.Parse((await api.GetPolicy(shop)).GetProperty("policy").GetRawText())!.AsObject();
        policy["deadlines"]!["sellerResponse"] = "01:00:00";
        policy["zeroSecondRefund"]!["cap"] = ZeroSecondCap;
        ApiAssert.Ok(await api.PutPolicy(shop, policy.ToJsonString()));

        var random = new Random(20261207);
        var refunds = new List<(string OrderId, string RefundId, decimal Amount, string Seller)>();
        var sellerAnswers = 0;
        for (var i = 0; i < 24; i++)
        {
            var amount = new[] { 80m, 150m, 300m, 450m }[random.Next(4)];
            var orderId = await api.PayOrder(amount, shop);
            var (refundId, _) = await api.RequestRefund(orderId, amount);
            var seller = amount <= ZeroSecondCap ? "none" : new[] { "approve", "refuse", "silent" }[random.Next(3)];
            if (seller is "approve" or "refuse")
            {
                sellerAnswers++;
                await api.Accept(seller == "approve"
                    ? Events.Refund("refund.approved", orderId, refundId)
                    : Events.Refund("refund.refused", orderId, refundId, ("reason", "not as described")));
            }

            refunds.Add((orderId, refundId, amount, seller));
        }

        Assert.Contains(refunds, r => r.Seller == "silent");
        foreach (var silent in refunds.Where(r => r.Seller == "silent"))
        {
            await WaitUntil(async () => (await api.GetRefund(silent.RefundId)).Str("status") == "succeeded", cancel);
        }

        var views = new Dictionary<string, JsonElement>();
        foreach (var r in refunds)
        {
            views[r.RefundId] = await api.GetRefund(r.RefundId);
        }

        var from = refunds.Select(r => views[r.RefundId].GetProperty("requestedAt").GetDateTimeOffset()).Min() - TimeSpan.FromDays(1); // grain time: 3600x real time
        var to = ApiAssert.Ok(await api.Get($"v1/shops/{shop}/metrics?window=1h")).GetProperty("asOf").GetDateTimeOffset();
        var lines = await Export(api, shop, from, to, pseudonymise: false);
        Assert.Equal(refunds.Count * 2 + sellerAnswers, lines.Count(l => l.Event is not null));
        Assert.Equal(refunds.Count(r => r.Seller == "silent"), lines.Count(l => l.Firing is not null));
        Assert.All(lines, l => Assert.Equal(shop, l.ShopId));

        // Exactness: each order replayed alone, under the policy in force, ends as the live entity did.
        var inForce = JsonSerializer.Deserialize<ShopPolicy>(policy.ToJsonString(), WireJson.Shared)!;
        foreach (var order in lines.GroupBy(l => l.OrderId))
        {
            var replayed = OrderReplay.Run([.. order], inForce, to);
            Assert.Empty(replayed.Skipped);
            var refund = Assert.Single(replayed.Order!.Refunds.Values);
            var live = views[refund.RefundId];
            var expected = JsonSerializer.SerializeToElement(RefundEnd.Of(refund), WireJson.Shared);
            foreach (var field in new[] { "status", "outcome", "automation", "endedAt" })
            {
                Assert.True(
                    expected.GetProperty(field).ToString() == (live.TryGetProperty(field, out var value) ? value.ToString() : ""),
                    $"{refund.RefundId} {field}: replayed {expected.GetProperty(field)}, live {live}");
            }

            Assert.Equal(live.Dec("refundedAmount"), refund.RefundedAmount);
        }

        // The same policy as a candidate: nothing differs. A cap of 500 yuan: every request is refunded at once, the
        // seller's answers no longer apply (skipped, never forced), and every refund above the old cap ends differently.
        var same = ApiAssert.Ok(await WhatIf(api, shop, policy, from, to)).GetProperty("report");
        Assert.Equal(0, same.Int("differingRefunds"));
        Assert.Equal(refunds.Count, same.Int("orders"));
        var raised = JsonNode.Parse(policy.ToJsonString())!.AsObject();
        raised["zeroSecondRefund"]!["cap"] = 500m;
        raised["qualityReasons"] = new JsonArray("changed_mind"); // every request's first reason: 首次品退率 counts them all
        var answer = ApiAssert.Ok(await WhatIf(api, shop, raised, from, to));
        var report = answer.GetProperty("report");
        Assert.Equal(refunds.Count(r => r.Amount > ZeroSecondCap), report.Int("differingRefunds"));
        Assert.Equal(0L, report.GetProperty("current").GetProperty("skippedEvents").GetInt64());
        Assert.Equal(sellerAnswers, report.GetProperty("candidate").GetProperty("skippedEvents").GetInt64());
        Assert.Equal(refunds.Sum(r => r.Amount), report.GetProperty("candidate").Dec("refundedAutomatically"));
        Assert.Equal(
            refunds.Where(r => r.Seller is "none" or "silent").Sum(r => r.Amount),
            report.GetProperty("current").Dec("refundedAutomatically"));
        var zeroSecond = answer.GetProperty("rates").EnumerateArray().Single(r => r.Str("indicator") == "zeroSecondShare");
        Assert.Equal(1.0, zeroSecond.GetProperty("candidate").GetDouble());
        Assert.True(zeroSecond.GetProperty("current").GetDouble() < 1.0, zeroSecond.ToString());
        var quality = answer.GetProperty("rates").EnumerateArray().Single(r => r.Str("indicator") == "firstQualityRefundRate");
        Assert.Equal(0.0, quality.GetProperty("current").GetDouble());
        Assert.Equal(1.0, quality.GetProperty("candidate").GetDouble());
        var refused = refunds.First(r => r.Seller == "refuse" || r.Seller == "approve");
        var difference = report.GetProperty("differences").EnumerateArray().Single(d => d.Str("refundId") == refused.RefundId);
        Assert.Equal("zero_second_refund", difference.GetProperty("candidate").Str("automation"));
    }

    [Fact]
    public async Task A_pseudonymised_export_keeps_which_lines_belong_together_and_no_id()
    {
        var api = host.Api;
        var shop = Ids.New("shop");
        var orderId = await api.PayOrder(300m, shop);
        var (refundId, _) = await api.RequestRefund(orderId, 300m);
        await api.Accept(Events.Refund("refund.approved", orderId, refundId));
        var requestedAt = (await api.GetRefund(refundId)).GetProperty("requestedAt").GetDateTimeOffset();
        var to = ApiAssert.Ok(await api.Get($"v1/shops/{shop}/metrics?window=1h")).GetProperty("asOf").GetDateTimeOffset();

        var lines = await Export(api, shop, requestedAt - TimeSpan.FromDays(1), to, pseudonymise: true);

        Assert.Equal(3, lines.Count);
        var text = string.Join('\n', lines.Select(l => JsonSerializer.Serialize(l, WireJson.Shared)));
        foreach (var id in new[] { shop, orderId, refundId })
        {
            Assert.DoesNotContain(id, text, StringComparison.Ordinal);
        }

        Assert.Single(lines.Select(l => l.OrderId).Distinct());
        Assert.Single(lines.Select(l => l.ShopId).Distinct());
        var replayed = OrderReplay.Run(lines, ShopPolicy.PlatformDefault, to);
        Assert.Empty(replayed.Skipped);
        Assert.Equal(300m, Assert.Single(replayed.Order!.Refunds.Values).RefundedAmount);
    }

    [Fact]
    public async Task Bad_ranges_and_policies_are_refused_with_a_code()
    {
        var api = host.Api;
        ApiAssert.Problem(await api.Get("v1/shops/shop-1/recording?from=yesterday"), HttpStatusCode.BadRequest, "recording.query_invalid");
        ApiAssert.Problem(
            await api.Get("v1/shops/shop-1/recording?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z"), HttpStatusCode.BadRequest, "recording.query_invalid");
        var policy = JsonNode.Parse((await api.GetPolicy("shop-1")).GetProperty("policy").GetRawText())!.AsObject();
        var now = DateTimeOffset.UtcNow;
        ApiAssert.Problem(await WhatIf(api, "shop-1", policy, now, now - TimeSpan.FromHours(1)), HttpStatusCode.BadRequest, "recording.query_invalid");
        var negative = JsonNode.Parse(policy.ToJsonString())!.AsObject();
        negative["zeroSecondRefund"]!["cap"] = -5m;
        ApiAssert.Problem(await WhatIf(api, "shop-1", negative, now - TimeSpan.FromHours(1), now), HttpStatusCode.BadRequest, "policy.invalid");
        ApiAssert.Problem(
            await api.Request(HttpMethod.Post, "v1/shops/shop-1/what-if", """{"from":"2026-01-01T00:00:00Z","to":"2026-01-02T00:00:00Z"}"""),
            HttpStatusCode.BadRequest, "request.field_required");
    }

    private static Task<ApiResponse> WhatIf(ApiClient api, string shop, JsonObject policy, DateTimeOffset from, DateTimeOffset to) =>
        api.Request(HttpMethod.Post, $"v1/shops/{shop}/what-if", new JsonObject
        {
            ["policy"] = JsonNode.Parse(policy.ToJsonString()),
            ["from"] = from.ToString("O"),
            ["to"] = to.ToString("O"),
        }.ToJsonString());

    private static async Task<List<RecordedInput>> Export(ApiClient api, string shop, DateTimeOffset from, DateTimeOffset to, bool pseudonymise)
    {
        var path = $"v1/shops/{shop}/recording?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}&pseudonymise={(pseudonymise ? "true" : "false")}";
        using var response = await api.Http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/gzip", response.Content.Headers.ContentType?.MediaType);
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var lines = new List<RecordedInput>();
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            lines.Add(RefundCluster.Grains.Recording.WhatIf.Parse(line));
        }

        return lines;
    }

    private static async Task WaitUntil(Func<Task<bool>> done, CancellationToken cancel)
    {
        var started = DateTime.UtcNow;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), "A seller-response timer of one (grain) hour did not fire within a minute.");
            await Task.Delay(200, cancel);
        }
    }
}
