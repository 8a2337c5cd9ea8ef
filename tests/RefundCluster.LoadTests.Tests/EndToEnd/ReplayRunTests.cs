using System.Text.Json;
using RefundCluster.LoadTests.Recordings;
using RefundCluster.LoadTests.Reporting;
using RefundCluster.LoadTests.Scenarios;
using RefundCluster.LoadTests.Targets;

namespace RefundCluster.LoadTests.Tests.EndToEnd;

/// <summary>
/// A recording made, exported and replayed end to end: refunds sent to an embedded cluster on a 60x clock (0秒退 up to
/// 100 yuan, a 5-minute seller timer: 5 s real), exported with the recording command, then replayed with
/// <c>run --replay … --speed 60x</c> into a fresh embedded cluster the tool starts on the same clock. Every refund
/// ends there as the recording's replay through the pure core says: 0秒退, approved, refused and timer-refunded ones.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ReplayRunTests : IDisposable
{
    private const string Policy = """{"zeroSecondRefund":{"enabled":true,"cap":100},"deadlines":{"sellerResponse":"00:05:00"}}""";
    private readonly string _recording = Path.Combine(Path.GetTempPath(), $"recording-{Guid.NewGuid():N}.jsonl.gz");
    private readonly string _policy = Path.Combine(Path.GetTempPath(), $"policy-{Guid.NewGuid():N}.json");

    [Fact]
    public async Task A_recording_replayed_into_a_fresh_cluster_at_its_speed_ends_every_refund_as_recorded()
    {
        var cancel = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(_policy, Policy, cancel);
        var shop = $"rec-{Guid.NewGuid():N}"[..16];
        var silent = new List<string>();
        await using (var recorded = await EmbeddedTarget.Start(new Dictionary<string, string?> { ["RefundCluster:TimeScale"] = "60" }))
        {
            Ok(await recorded.Send(HttpMethod.Put, $"v1/shops/{shop}/policy", Policy, cancel));
            var decisions = new List<(string Order, string Refund, string Kind)>();
            for (var i = 0; i < 12; i++)
            {
                var (order, refund) = ($"o-{shop}-{i}", $"r-{shop}-{i}");
                var amount = (i % 4) switch { 0 => 80m, 2 => 300m, _ => 150m };
                Ok(await recorded.Send(HttpMethod.Post, "v1/events", Events.Paid($"pay-{order}", order, shop, amount).ToJsonString(), cancel));
                Ok(await recorded.Send(HttpMethod.Post, "v1/events", Events.Refund("refund.requested", $"req-{order}", order, refund,
                    ("refundKind", "refund_only"), ("reason", "changed_mind"), ("amount", amount)).ToJsonString(), cancel));
                switch (i % 4)
                {
                    case 1:
                        decisions.Add((order, refund, "refund.approved"));
                        break;
                    case 2:
                        decisions.Add((order, refund, "refund.refused"));
                        break;
                    case 3:
                        silent.Add(refund);
                        break;
                }

                await Task.Delay(200, cancel);
            }

            // The seller answers a minute (of the cluster's time) after the last request; the silent ones' timers fire 5 minutes after theirs.
            await Task.Delay(1000, cancel);
            foreach (var (order, refund, kind) in decisions)
            {
                var e = kind == "refund.approved"
                    ? Events.Refund(kind, $"apr-{order}", order, refund)
                    : Events.Refund(kind, $"ref-{order}", order, refund, ("reason", "item already used"));
                Ok(await recorded.Send(HttpMethod.Post, "v1/events", e.ToJsonString(), cancel));
            }

            var waited = DateTime.UtcNow;
            foreach (var refund in silent)
            {
                while (!Ok(await recorded.Send(HttpMethod.Get, $"v1/refunds/{refund}", null, cancel)).Contains("\"succeeded\"", StringComparison.Ordinal))
                {
                    Assert.True(DateTime.UtcNow - waited < TimeSpan.FromSeconds(60), $"{refund}'s seller timer did not fire");
                    await Task.Delay(200, cancel);
                }
            }

            using var exportConsole = new StringWriter();
            using var exportErrors = new StringWriter();
            var exported = await RecordingCommand.Run(
                ["--target", recorded.Address.ToString(), "--shop", shop, "--out", _recording, "--api-key", EmbeddedTarget.RunApiKey], exportConsole, exportErrors, cancel);
            Assert.True(exported == 0, exportErrors.ToString());
            Assert.Contains("30 events, 3 deadline firings) of 12 orders", exportConsole.ToString(), StringComparison.Ordinal);
        }

        // The same policy as a candidate: the pure core reproduces the recording, nothing differs and nothing is skipped.
        var whatIf = await WhatIfCommand.Execute(WhatIfOptions.Parse(["--recording", _recording, "--policy", _policy, "--current", _policy]), cancel);
        Assert.Equal((12, 0, 0L), (whatIf.Orders, whatIf.DifferingRefunds, whatIf.Current.SkippedEvents));

        var options = LoadTestOptions.Parse(["--replay", _recording, "--speed", "60x", "--replay-policy", _policy, "--batch", "10", "--no-ceilings"]);
        using var console = new StringWriter();

        var report = await LoadTestRun.Execute(options, console, cancel);

        var audit = report.Replay;
        Assert.NotNull(audit);
        Assert.True(audit.Passed, $"{string.Join(Environment.NewLine, audit.Examples)}{Environment.NewLine}{console}");
        Assert.Equal((12L, 12L, 0L, 12L, 12L), (audit.Orders, audit.CheckedOrders, audit.SkippedOrders, audit.Refunds, audit.Correct));
        Assert.Equal(3, audit.Expected["succeeded by zero_second_refund"]);
        Assert.Equal(3, audit.Expected["succeeded"]);
        Assert.Equal(3, audit.Expected["seller_refused"]);
        Assert.Equal(3, audit.Expected["succeeded by timeout"]);
        Assert.Equal((0L, 0L, 0L), (audit.EventsRefused, audit.EventsShed, audit.EventsSkippedByReplay));
        Assert.Contains("matches --speed 60x", console.ToString(), StringComparison.Ordinal);
        Assert.Contains("## Replay audit — PASSED", MarkdownReport.Render(report), StringComparison.Ordinal);
        Assert.Equal(30, report.Steps.Single().Events);
        Assert.True(report.Passed, console.ToString());
        Assert.Equal("replay", report.Scenario);
    }

    private static string Ok(TargetResponse response)
    {
        Assert.True(response.IsSuccess, $"HTTP {response.StatusKey}: {response.Body}");
        return response.Body ?? "";
    }

    public void Dispose()
    {
        File.Delete(_recording);
        File.Delete(_policy);
    }
}
