using System.Diagnostics;
using RefundCluster.Contracts.Events;
using RefundCluster.Domain.Policies;
using RefundCluster.Domain.Refunds;
using RefundCluster.LoadTests.Auditing;
using RefundCluster.LoadTests.Driving;
using RefundCluster.LoadTests.Recordings;
using RefundCluster.LoadTests.Scenarios;
using RefundCluster.LoadTests.Targets;
using RefundCluster.LoadTests.Tests.Recordings;
using RefundCluster.LoadTests.Tests.Support;
using RecordedEnd = RefundCluster.Contracts.Recording.RefundEnd;

namespace RefundCluster.LoadTests.Tests.Scenarios;

/// <summary>The replay scenario without a cluster: what it sends, with which ids, when; and how its audit reads answers.</summary>
public sealed class ReplayScenarioTests
{
    [Fact]
    public void Every_id_gets_the_runs_suffix_the_same_id_the_same_way_and_a_long_one_stays_within_the_apis_limit()
    {
        var ids = new ReplayIds("abc");
        var line = WhatIfCommandTests.Sample().Lines.Single(l => l.Event is OrderPaidEvent { OrderId: "o1" });
        var firing = WhatIfCommandTests.Sample().Lines.Single(l => l.Firing is not null);

        var paid = (OrderPaidEvent)ids.Apply(line).Event!;
        var fired = ids.Apply(firing);

        Assert.Equal(("pay-o1-rpabc", "o1-rpabc", "shop-a-rpabc", "b-o1-rpabc"), (paid.EventId, paid.OrderId, paid.ShopId, paid.BuyerId));
        Assert.Equal(("shop-a-rpabc", "o5-rpabc", "r-o5-rpabc"), (fired.ShopId, fired.OrderId, fired.Firing!.RefundId));
        Assert.Equal(line.At, ids.Apply(line).At);
        Assert.NotEqual(ids.Of("o1"), new ReplayIds("abd").Of("o1"));
        var longId = new string('x', 125);
        Assert.True(ids.Of(longId).Length <= ReplayIds.MaxIdLength);
        Assert.Equal(ids.Of(longId), ids.Of(longId));
        Assert.NotEqual(ids.Of(longId), ids.Of(longId[..^1] + "y"));
    }

    [Fact]
    public async Task The_events_go_at_their_recorded_offsets_divided_by_the_speed_with_the_runs_ids_and_no_firing()
    {
        // Recorded over 30 minutes; at 600x the events span 3 s, o5 starting 0.7 s in.
        var path = WhatIfCommandTests.Sample().Write();
        try
        {
            var recording = ReplayRecording.Load(path);
            var scenario = new ReplayScenario(recording, "t1", 600, ShopPolicy.PlatformDefault, "the platform default");
            var target = new RecordingTarget(TimeSpan.Zero);
            using var console = new StringWriter();
            await scenario.Prepare(target, console, TestContext.Current.CancellationToken);
            var started = Stopwatch.GetTimestamp();

            await new LoadDriver(scenario, target, [ReplayScenario.Step(recording, 600)]) { Batch = 0 }.Run(TestContext.Current.CancellationToken);

            var puts = target.Requests.Where(r => r.Method == HttpMethod.Put).ToList();
            Assert.Equal("v1/shops/shop-a-rpt1/policy", Assert.Single(puts).Path);
            Assert.Contains("WARNING: the target's clock could not be read", console.ToString(), StringComparison.Ordinal);
            var events = target.Requests.Where(r => r.Method == HttpMethod.Post).ToList();
            Assert.Equal(12, events.Count);
            Assert.All(events, e => Assert.EndsWith("-rpt1", e.Body!["eventId"]!.GetValue<string>(), StringComparison.Ordinal));
            Assert.Equal(["order.paid", "refund.requested"], events.Where(e => e.Body!["orderId"]!.GetValue<string>() == "o5-rpt1").Select(e => e.Body!["kind"]!.GetValue<string>()));
            var approval = events.Single(e => e.Body!["eventId"]!.GetValue<string>() == "apr-o3-rpt1");
            Assert.Equal("r-o3-rpt1", approval.Body!["refundId"]!.GetValue<string>());
            // o3's approval was recorded 30 minutes after the first event: 3 s at 600x.
            var at = Stopwatch.GetElapsedTime(started, approval.SentAt).TotalSeconds;
            Assert.InRange(at, 2.9, 3.6);
            Assert.All(scenario.Replays.Traces.Values, t => Assert.All(t.Answers, a => Assert.Equal(ReplayAnswer.Applied, a)));
            Assert.Equal(5, scenario.Replays.Traces.Count);
            Assert.NotEqual(0, scenario.StartTimestamp);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(200, ReplayAnswer.Applied)]
    [InlineData(422, ReplayAnswer.Refused)]
    [InlineData(409, ReplayAnswer.Refused)]
    [InlineData(429, ReplayAnswer.Shed)]
    [InlineData(503, ReplayAnswer.Shed)]
    [InlineData(0, ReplayAnswer.Unknown)]
    [InlineData(500, ReplayAnswer.Unknown)]
    public void An_answer_says_whether_the_target_saw_the_event(int status, ReplayAnswer answer) =>
        Assert.Equal(answer, ReplayTrace.Of(new TargetResponse(status, null)));

    [Fact]
    public void A_refund_matches_when_its_status_automation_and_refunded_amount_do()
    {
        var expected = new RecordedEnd(RefundStatus.Succeeded, RefundOutcome.Refunded, Automation.Timeout, 60m, null);

        Assert.Empty(ReplayAudit.Compare(expected, new(true, "succeeded", "timeout", 60m, null)));
        Assert.Empty(ReplayAudit.Compare(null, new(false, null, null, 0, null)));
        Assert.Equal(["wrong automation: found none"], ReplayAudit.Compare(expected, new(true, "succeeded", "none", 60m, null)));
        Assert.Equal(["wrong status: found waiting_seller_agree", "wrong refunded amount: found 0.00"], ReplayAudit.Compare(expected, new(true, "waiting_seller_agree", "timeout", 0m, null)));
        Assert.Equal(["refund missing: not found"], ReplayAudit.Compare(expected, new(false, null, null, 0, null)));
        Assert.Equal(["unexpected refund: found closed by none"], ReplayAudit.Compare(null, new(true, "closed", "none", 0, null)));
        Assert.Equal(["read failed: HTTP 503"], ReplayAudit.Compare(expected, new(false, null, null, 0, "HTTP 503")));
        Assert.Equal("succeeded by timeout, 60.00 refunded", ReplayAudit.Describe(expected, amount: true));
    }
}
