using RefundCluster.Domain.Policies;
using RefundCluster.LoadTests.Recordings;
using RefundCluster.LoadTests.Scenarios;
using RefundCluster.LoadTests.Tests.Recordings;

namespace RefundCluster.LoadTests.Tests.Options;

/// <summary>
/// <c>run --replay FILE --speed Nx [--replay-policy FILE]</c>, and the recording command's arguments: what they set,
/// and what they refuse.
/// </summary>
public sealed class ReplayOptionsTests : IDisposable
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;
    private readonly string _recording = WhatIfCommandTests.Sample().Write();
    private readonly string _policy = Path.Combine(Path.GetTempPath(), $"policy-{Guid.NewGuid():N}.json");

    public ReplayOptionsTests() =>
        File.WriteAllText(_policy, """{"shopId":"shop-a","policy":{"zeroSecondRefund":{"enabled":false,"cap":200},"deadlines":{"sellerResponse":"01:00:00"}},"version":2,"changes":[]}""");

    [Fact]
    public void A_replay_sets_the_scenario_its_single_step_of_recorded_arrivals_batches_and_the_targets_clock()
    {
        var options = LoadTestOptions.Parse(["--replay", _recording, "--speed", "100x", "--replay-policy", _policy], NoEnvironment);

        Assert.Equal("replay", options.Scenario);
        Assert.Equal((100, 100), (options.Speed, options.TimeScale));
        Assert.Equal(100, options.Batch);
        Assert.False(options.ReplayPolicy.ZeroSecondRefund.Enabled);
        Assert.Equal(TimeSpan.FromHours(1), options.ReplayPolicy.Deadlines.SellerResponse);
        Assert.Equal(_policy, options.ReplayPolicySource);
        var recording = options.Replay!;
        Assert.Equal((5, 12L, 1L), (recording.Orders.Count, recording.Events, recording.Firings));
        Assert.Equal(["o1", "o2", "o3", "o4", "o5"], recording.Orders.Select(o => o.OrderId));

        var step = Assert.Single(options.Steps());
        // The orders start at 0, 2, 4, 6 and 7 recorded minutes: at 100x, 1.2 s apart; the events span 30 minutes.
        Assert.Equal([0, 1.2, 2.4, 3.6, 4.2], step.Arrivals!.Select(a => Math.Round(a.TotalSeconds, 3)));
        Assert.Equal(18, step.Duration.TotalSeconds, 3);
        Assert.Equal(12 / 18.0, step.Rate, 3);
        var scenario = Assert.IsType<ReplayScenario>(options.CreateScenario("run1"));
        Assert.Equal(5 / 12.0, scenario.IterationsPerRateUnit, 6);
        Assert.Equal(["shop-a-rprun1"], scenario.Shops);
        Assert.StartsWith("replay at 100x of 12 events", options.DescribeProfile(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_speed_is_one_times_by_default_and_the_policy_the_platform_default_and_a_matching_time_scale_is_taken()
    {
        var options = LoadTestOptions.Parse(["--replay", _recording, "--time-scale", "1", "--batch", "0"], NoEnvironment);

        Assert.Equal((1, 1), (options.Speed, options.TimeScale));
        Assert.Equal(ShopPolicy.PlatformDefault, options.ReplayPolicy);
        Assert.Equal(0, options.Batch);
        Assert.Equal(60, LoadTestOptions.Parse(["--replay", _recording, "--speed", "60", "--time-scale", "60"], NoEnvironment).TimeScale);
    }

    [Theory]
    [InlineData(new[] { "--replay", "/nonexistent/recording.jsonl.gz" }, "no such file")]
    [InlineData(new[] { "--replay", "RECORDING", "--speed", "0.5x" }, "not a speed of 1x or more")]
    [InlineData(new[] { "--replay", "RECORDING", "--speed", "fast" }, "'fast' is not a speed")]
    [InlineData(new[] { "--replay", "RECORDING", "--speed", "100x", "--time-scale", "3600" }, "needs a target whose clock runs at 100x")]
    [InlineData(new[] { "--replay", "RECORDING", "--scenario", "lifecycle" }, "it takes no --scenario")]
    [InlineData(new[] { "--replay", "RECORDING", "--rate", "100" }, "--rate does not apply")]
    [InlineData(new[] { "--replay", "RECORDING", "--shops", "10" }, "--shops does not apply")]
    [InlineData(new[] { "--replay", "RECORDING", "--target", "orleans://127.0.0.1:30000" }, "needs an HTTP target")]
    [InlineData(new[] { "--replay", "RECORDING", "--replay-policy", "/nonexistent/policy.json" }, "--replay-policy /nonexistent/policy.json")]
    [InlineData(new[] { "--speed", "10x" }, "--speed needs --replay FILE")]
    [InlineData(new[] { "--replay-policy", "POLICY" }, "--replay-policy needs --replay FILE")]
    [InlineData(new[] { "--scenario", "replay" }, "--scenario replay needs --replay FILE")]
    [InlineData(new[] { "--replay", "EMPTY" }, "holds no event to send")]
    [InlineData(new[] { "--replay", "BROKEN" }, "line 1: not a recording line")]
    public void Bad_replay_arguments_are_refused(string[] args, string message)
    {
        var empty = Path.Combine(Path.GetTempPath(), $"empty-{Guid.NewGuid():N}.jsonl");
        var broken = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(empty, "");
        File.WriteAllText(broken, "{\"kind\":\"order.paid\"}\n");
        try
        {
            var files = new Dictionary<string, string> { ["RECORDING"] = _recording, ["POLICY"] = _policy, ["EMPTY"] = empty, ["BROKEN"] = broken };

            var error = Assert.Throws<ArgumentException>(() => LoadTestOptions.Parse([.. args.Select(a => files.GetValueOrDefault(a, a))], NoEnvironment));

            Assert.Contains(message, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(empty);
            File.Delete(broken);
        }
    }

    [Fact]
    public void The_recording_command_reads_its_target_shop_range_and_key()
    {
        var options = RecordingOptions.Parse(
            ["--target", "http://127.0.0.1:5481", "--shop", "shop-1", "--out", "r.jsonl.gz", "--from", "2026-12-01T00:00:00Z", "--to", "2026-12-02T00:00:00+08:00", "--pseudonymise"],
            name => name == LoadTestOptions.ApiKeyVariable ? "rc_key" : null);

        Assert.Equal(new Uri("http://127.0.0.1:5481/"), options.Target);
        Assert.Equal(("shop-1", "r.jsonl.gz", "rc_key", true), (options.Shop, options.Out, options.ApiKey, options.Pseudonymise));
        Assert.Equal("v1/shops/shop-1/recording?from=2026-12-01T00%3A00%3A00.0000000%2B00%3A00&to=2026-12-02T00%3A00%3A00.0000000%2B08%3A00&pseudonymise=true", options.Path);
        Assert.Equal("key2", RecordingOptions.Parse(["--target", "http://h:1", "--shop", "s", "--out", "o", "--api-key", "key2"], NoEnvironment).ApiKey);
        Assert.Equal("v1/shops/s/recording?pseudonymise=false", RecordingOptions.Parse(["--target", "http://h:1", "--shop", "s", "--out", "o"], NoEnvironment).Path);
    }

    [Theory]
    [InlineData(new[] { "--shop", "s", "--out", "o" }, "Option '--target' is required")]
    [InlineData(new[] { "--target", "http://h:1", "--out", "o" }, "Option '--shop' is required")]
    [InlineData(new[] { "--target", "embedded", "--shop", "s", "--out", "o" }, "a running cluster's HTTP API")]
    [InlineData(new[] { "--target", "orleans://h:1", "--shop", "s", "--out", "o" }, "a running cluster's HTTP API")]
    [InlineData(new[] { "--target", "http://h:1", "--shop", "s", "--out", "o", "--to", "noon" }, "--to: 'noon' is not an ISO 8601 time")]
    [InlineData(new[] { "--target", "http://h:1", "--shop", "s", "--out", "o", "--from", "2026-12-02T00:00:00Z", "--to", "2026-12-01T00:00:00Z" }, "--from must be before --to")]
    [InlineData(new[] { "--target", "http://h:1", "--shop", "s", "--out", "o", "--gzip" }, "Unrecognized command or argument '--gzip'")]
    public void Bad_recording_arguments_are_refused(string[] args, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => RecordingOptions.Parse(args, NoEnvironment));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        File.Delete(_recording);
        File.Delete(_policy);
    }
}
