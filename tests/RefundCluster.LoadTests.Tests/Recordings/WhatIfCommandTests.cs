using System.Text.Json;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Recording;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Refunds;
using RefundCluster.LoadTests.Recordings;
using RefundCluster.LoadTests.Tests.Support;

namespace RefundCluster.LoadTests.Tests.Recordings;

/// <summary>
/// The what-if command on a recording written by hand, with no cluster: five orders recorded under a policy with
/// 0秒退 off, replayed under it and under one with 0秒退 up to 200 yuan. Under the candidate every request up to 200 is
/// refunded at once, so the seller's recorded approval and refusal no longer apply (skipped) and three refunds end
/// differently; the one above 200 ends as it did.
/// </summary>
public sealed class WhatIfCommandTests : IDisposable
{
    private static readonly TimeSpan SellerResponse = TimeSpan.FromHours(48);
    private readonly List<string> _files = [];

    [Fact]
    public async Task The_table_and_the_json_report_give_the_differences_the_skipped_events_and_the_money()
    {
        var recording = Track(Sample().Write());
        // The policy in force as GET /v1/shops/{id}/policy answers it; the candidate as a PUT body.
        var current = Track(Json("""{"shopId":"shop-a","policy":{"zeroSecondRefund":{"enabled":false,"cap":200}},"version":1,"changes":[]}"""));
        var candidate = Track(Json("""{"zeroSecondRefund":{"enabled":true,"cap":200}}"""));
        var json = Track(Path.Combine(Path.GetTempPath(), $"what-if-{Guid.NewGuid():N}.json"));
        using var console = new StringWriter();
        using var errors = new StringWriter();

        var exit = await WhatIfCommand.Run(["--recording", recording, "--policy", candidate, "--current", current, "--json", json], console, errors, TestContext.Current.CancellationToken);

        Assert.True(exit == 0, errors.ToString());
        var report = JsonSerializer.Deserialize<WhatIfReport>(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken), WireJson.Shared)!;
        Assert.Equal((5, 12L, 1L), (report.Orders, report.Events, report.Firings));
        Assert.Equal(SampleRecording.T0, report.From);
        Assert.Equal(SampleRecording.T0 + SellerResponse + TimeSpan.FromMinutes(8) + TimeSpan.FromSeconds(2) + TimeSpan.FromTicks(1), report.To);
        Assert.Equal(3, report.DifferingRefunds);
        Assert.Equal(["r-o1", "r-o2", "r-o5"], report.Differences.Select(d => d.RefundId));
        var o5 = report.Differences.Single(d => d.RefundId == "r-o5");
        Assert.Equal((RefundStatus.Succeeded, Automation.Timeout, 60m), (o5.Current!.Status, o5.Current.Automation, o5.Current.RefundedAmount));
        Assert.Equal((RefundStatus.Succeeded, Automation.ZeroSecondRefund, 60m), (o5.Candidate!.Status, o5.Candidate.Automation, o5.Candidate.RefundedAmount));
        Assert.Equal(RefundStatus.SellerRefused, report.Differences.Single(d => d.RefundId == "r-o2").Current!.Status);

        Assert.Equal(0, report.Current.SkippedEvents);
        Assert.Equal(2, report.Candidate.SkippedEvents);
        var code = Assert.Single(report.Candidate.SkippedByCode);
        Assert.Equal(("refund.already_finished", 2L), (code.Key, code.Value));
        Assert.Equal((4, 4), (report.Current.Refunds, report.Candidate.Refunds));
        Assert.Equal((440m, 590m), (report.Current.RefundedAmount, report.Candidate.RefundedAmount));
        Assert.Equal((60m, 290m), (report.Current.RefundedAutomatically, report.Candidate.RefundedAutomatically));
        var band = report.Candidate.AutomaticByBand.Single(b => b.From == 50m);
        Assert.Equal((3L, 290m), (band.Refunds, band.Amount));

        var text = console.ToString();
        Assert.Contains("5 orders, 12 events, 1 deadline firings", text, StringComparison.Ordinal);
        Assert.Contains("## Differing refunds: 3", text, StringComparison.Ordinal);
        Assert.Matches(@"\nr-o5\s+o5\s+succeeded \(refunded\) by timeout, 60\.00 refunded\s+succeeded \(refunded\) by zero_second_refund, 60\.00 refunded\n", text);
        Assert.Matches(@"\nr-o2\s+o2\s+seller_refused, 0\.00 refunded\s+succeeded \(refunded\) by zero_second_refund, 150\.00 refunded\n", text);
        Assert.Matches($@"{code.Key}\s+0\s+2\n", text);
        Assert.Matches(@"refunded automatically \(yuan\)\s+60\.00\s+290\.00\s+\+230\.00", text);
        // 0秒退 share: none of the 3 ended refunds under the current policy, 3 of 4 under the candidate (o3 is above the cap).
        Assert.Matches(@"0-second share\s+0\.00 %\s+75\.00 %\s+\+75\.00 pp\s+0秒退占比", text);
        Assert.Matches(@"refusal rate\s+25\.00 %\s+0\.00 %\s+-25\.00 pp", text);
        Assert.Matches(@"refund_only\s+3\s+", text);
        Assert.Contains($"# report written to {json}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_range_takes_the_orders_whose_first_line_is_in_it_and_a_plain_file_reads_as_a_gzipd_one()
    {
        var recording = Track(Sample().Write(gzip: false));
        var candidate = Track(Json("""{"zeroSecondRefund":{"enabled":true,"cap":200}}"""));
        // o2 and o3 start in [1, 5) minutes (o1 at 0, o4 at 6); to cuts off o3's request (at 5) and o2's refusal (at 20).
        var options = WhatIfOptions.Parse(["--recording", recording, "--policy", candidate,
            "--from", (SampleRecording.T0 + TimeSpan.FromMinutes(1)).ToString("O"), "--to", (SampleRecording.T0 + TimeSpan.FromMinutes(5)).ToString("O")]);

        var report = await WhatIfCommand.Execute(options, TestContext.Current.CancellationToken);

        Assert.Equal((2, 3L), (report.Orders, report.Events));
        Assert.Equal((1, 0L), (report.Current.Refunds, report.Current.SkippedEvents)); // the platform default: 0秒退 up to 200 in both
        Assert.Equal(0, report.DifferingRefunds);
        Assert.Equal(150m, report.Current.RefundedAutomatically);
    }

    [Theory]
    [InlineData(new string[0], "Option '--recording' is required")]
    [InlineData(new[] { "--recording", "/nonexistent/recording.jsonl.gz", "--policy", "POLICY" }, "no such file")]
    [InlineData(new[] { "--recording", "RECORDING" }, "Option '--policy' is required")]
    [InlineData(new[] { "--recording", "RECORDING", "--policy", "/nonexistent/policy.json" }, "--policy /nonexistent/policy.json")]
    [InlineData(new[] { "--recording", "RECORDING", "--policy", "POLICY", "--from", "yesterday" }, "--from: 'yesterday' is not an ISO 8601 time")]
    [InlineData(new[] { "--recording", "RECORDING", "--policy", "POLICY", "--from", "2026-12-02T00:00:00Z", "--to", "2026-12-01T00:00:00Z" }, "--from must be before --to")]
    [InlineData(new[] { "--recording", "RECORDING", "--policy", "MISSPELT" }, "not a shop policy")]
    [InlineData(new[] { "--recording", "RECORDING", "--policy", "ZERO_TIMER" }, "SellerResponse must be between 1 second and 365 days")]
    [InlineData(new[] { "--recording", "RECORDING", "--policy", "POLICY", "--speed", "2" }, "Unrecognized command or argument '--speed'")]
    [InlineData(new[] { "--recording", "RECORDING", "--policy", "POLICY", "--json" }, "Required argument missing for option: '--json'")]
    public void Bad_arguments_are_refused_with_what_is_wrong(string[] args, string message)
    {
        var files = new Dictionary<string, string>
        {
            ["RECORDING"] = Track(Sample().Write()),
            ["POLICY"] = Track(Json("{}")),
            ["MISSPELT"] = Track(Json("""{"zeroSecondRefunds":{"enabled":true}}""")),
            ["ZERO_TIMER"] = Track(Json("""{"deadlines":{"sellerResponse":"00:00:00"}}""")),
        };

        var error = Assert.Throws<ArgumentException>(() => WhatIfOptions.Parse([.. args.Select(a => files.GetValueOrDefault(a, a))]));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_that_is_not_a_recording_line_fails_the_command_with_its_line_number()
    {
        var recording = Track(Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.jsonl"));
        await File.WriteAllLinesAsync(recording, [JsonSerializer.Serialize(Sample().Lines[0], WireJson.Shared), """{"at":"2026-12-01T00:00:00Z"}"""], TestContext.Current.CancellationToken);
        var candidate = Track(Json("{}"));
        using var console = new StringWriter();
        using var errors = new StringWriter();

        var exit = await WhatIfCommand.Run(["--recording", recording, "--policy", candidate], console, errors, TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
        Assert.Contains($"{recording} line 2: not a recording line", errors.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Recorded under 0秒退 off: o1 approved, o2 refused, o3 (above 200) approved, o4 never refunded, o5 left to the seller timer.</summary>
    internal static SampleRecording Sample() => new SampleRecording()
        .Paid("o1", 80m, TimeSpan.Zero).Requested("o1", 80m, TimeSpan.FromMinutes(1)).Approved("o1", TimeSpan.FromMinutes(10))
        .Paid("o2", 150m, TimeSpan.FromMinutes(2)).Requested("o2", 150m, TimeSpan.FromMinutes(3)).Refused("o2", TimeSpan.FromMinutes(20))
        .Paid("o3", 300m, TimeSpan.FromMinutes(4)).Requested("o3", 300m, TimeSpan.FromMinutes(5)).Approved("o3", TimeSpan.FromMinutes(30))
        .Paid("o4", 50m, TimeSpan.FromMinutes(6))
        .Paid("o5", 60m, TimeSpan.FromMinutes(7)).Requested("o5", 60m, TimeSpan.FromMinutes(8))
        .Fired("o5", DeadlineKind.SellerResponse, TimeSpan.FromMinutes(8) + SellerResponse, TimeSpan.FromMinutes(8) + SellerResponse + TimeSpan.FromSeconds(2));

    private string Json(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"policy-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }

    private string Track(string path)
    {
        _files.Add(path);
        return path;
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }
}
