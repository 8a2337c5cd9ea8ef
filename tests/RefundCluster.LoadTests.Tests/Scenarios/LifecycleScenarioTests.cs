using System.Text.Json.Nodes;
using RefundCluster.LoadTests.Driving;
using RefundCluster.LoadTests.Profiles;
using RefundCluster.LoadTests.Scenarios;
using RefundCluster.LoadTests.Tests.Support;

namespace RefundCluster.LoadTests.Tests.Scenarios;

/// <summary>The lifecycle scenario driven through the batcher against a stand-in that answers after 30 ms.</summary>
public sealed class LifecycleScenarioTests
{
    private static readonly LifecycleSchedule Schedule = new() { RequestDelay = TimeSpan.FromMilliseconds(100), DecisionDelay = TimeSpan.FromMilliseconds(100) };

    private static async Task<(LifecycleScenario Scenario, RecordingTarget Target)> Drive()
    {
        var scenario = new LifecycleScenario(new ShopPicker(5), "t", Schedule);
        var target = new RecordingTarget(TimeSpan.FromMilliseconds(30));
        // 270 events/s for a second: 100 lifecycles.
        var driver = new LoadDriver(scenario, target, [new LoadStep("constant 270 events/s", 270, TimeSpan.FromSeconds(1))])
        {
            Batch = 20,
            BatchWindow = TimeSpan.FromMilliseconds(20),
        };
        await driver.Run(TestContext.Current.CancellationToken);
        return (scenario, target);
    }

    [Fact]
    public async Task A_lifecycles_stages_are_never_in_flight_out_of_order()
    {
        var (scenario, target) = await Drive();

        var batches = target.Requests.Where(r => r.Path == EventBatcher.BatchPath).ToList();
        var byOrder = batches
            .SelectMany(b => b.Body!.AsArray().Select(e => (Order: e!["orderId"]!.GetValue<string>(), Kind: e["kind"]!.GetValue<string>(), b.SentAt, b.AnsweredAt)))
            .GroupBy(e => e.Order)
            .ToList();

        Assert.Equal(100, scenario.Lifecycles.Traces.Count);
        Assert.Equal(100, byOrder.Count);
        foreach (var order in byOrder)
        {
            var stages = order.OrderBy(e => e.SentAt).ToList();
            var plan = scenario.Lifecycles.Traces[long.Parse(order.Key.Split('-')[^1], System.Globalization.CultureInfo.InvariantCulture)].Plan;
            Assert.Equal(Schedule.Stages(plan.Decision).Select(s => s.Kind), stages.Select(s => s.Kind));
            for (var k = 1; k < stages.Count; k++)
            {
                Assert.True(stages[k].SentAt >= stages[k - 1].AnsweredAt, $"{order.Key}: {stages[k].Kind} sent before {stages[k - 1].Kind} was answered");
            }
        }

        Assert.All(scenario.Lifecycles.Traces.Values, t => Assert.Equal(
            (StageResult.Applied, StageResult.Applied, t.Plan.Decision == SellerDecision.Silent ? StageResult.NotSent : StageResult.Applied),
            (t.Paid, t.Requested, t.Decision)));
    }

    [Fact]
    public async Task Events_due_together_share_a_batch_of_at_most_the_batch_size_mixing_lifecycles_stages()
    {
        var (_, target) = await Drive();

        var batches = target.Requests.Where(r => r.Path == EventBatcher.BatchPath).Select(r => r.Body!.AsArray()).ToList();

        Assert.All(batches, b => Assert.InRange(b.Count, 1, 20));
        Assert.Equal(batches.Sum(b => b.Count), batches.SelectMany(b => b).Select(e => e!["eventId"]!.GetValue<string>()).Distinct().Count());
        Assert.Contains(batches, b => b.Select(e => e!["kind"]!.GetValue<string>()).Distinct().Count() > 1);
        Assert.True(batches.Count < batches.Sum(b => b.Count) / 2, $"{batches.Count} batches for {batches.Sum(b => b.Count)} events");
    }

    [Fact]
    public async Task Events_have_the_api_shapes_and_a_refund_never_asks_more_than_was_paid()
    {
        var (_, target) = await Drive();

        var events = target.Requests.Where(r => r.Path == EventBatcher.BatchPath).SelectMany(r => r.Body!.AsArray()).Select(e => e!.AsObject()).ToList();
        var paid = events.Where(e => Kind(e) == "order.paid").ToDictionary(e => e["orderId"]!.GetValue<string>());

        Assert.All(paid.Values, p =>
        {
            Assert.StartsWith("shop-t-", p["shopId"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(p["paidAmount"]!.GetValue<decimal>(), p["lines"]![0]!["unitPrice"]!.GetValue<decimal>() * p["lines"]![0]!["quantity"]!.GetValue<int>());
            Assert.InRange(p["paidAmount"]!.GetValue<decimal>(), 10m, 500m);
        });
        Assert.All(events.Where(e => Kind(e) == "refund.requested"), r =>
        {
            Assert.Equal(("refund_only", "changed_mind"), (r["refundKind"]!.GetValue<string>(), r["reason"]!.GetValue<string>()));
            Assert.Equal(paid[r["orderId"]!.GetValue<string>()]["paidAmount"]!.GetValue<decimal>(), r["amount"]!.GetValue<decimal>());
        });
        Assert.All(events.Where(e => Kind(e) == "refund.refused"), r => Assert.False(string.IsNullOrWhiteSpace(r["reason"]!.GetValue<string>())));
        Assert.All(events.Where(e => Kind(e) is "refund.approved" or "refund.refused"), e => Assert.NotNull(e["refundId"]));
    }

    [Fact]
    public async Task Prepare_sets_every_shops_policy_through_the_api()
    {
        var scenario = new LifecycleScenario(new ShopPicker(7), "t", Schedule);
        var target = new RecordingTarget(TimeSpan.Zero);

        await scenario.Prepare(target, TextWriter.Null, TestContext.Current.CancellationToken);

        var puts = target.Requests.ToList();
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"v1/shops/shop-t-{i}/policy").Order(), puts.Select(p => p.Path).Order());
        Assert.All(puts, p =>
        {
            Assert.Equal(HttpMethod.Put, p.Method);
            Assert.False(p.Body!["zeroSecondRefund"]!["enabled"]!.GetValue<bool>());
            Assert.Equal("00:00:05", p.Body["deadlines"]!["sellerResponse"]!.GetValue<string>());
        });
    }

    private static string Kind(JsonObject e) => e["kind"]!.GetValue<string>();
}
