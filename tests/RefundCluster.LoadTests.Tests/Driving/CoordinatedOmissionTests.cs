using System.Diagnostics;
using RefundCluster.LoadTests.Measuring;
using RefundCluster.LoadTests.Profiles;
using RefundCluster.LoadTests.Scenarios;
using RefundCluster.LoadTests.Targets;
using RefundCluster.LoadTests.Tests.Support;

namespace RefundCluster.LoadTests.Tests.Driving;

/// <summary>Latency counts from when a request was due, not from when it was finally sent.</summary>
public sealed class CoordinatedOmissionTests
{
    private static readonly LoadStep Step = new("s", 100, TimeSpan.FromSeconds(1));

    [Fact]
    public async Task A_request_sent_late_carries_its_delay_in_its_latency()
    {
        var recorder = new RunRecorder([Step], Stopwatch.GetTimestamp());
        var target = new FakeTarget((_, _, _) => new TargetResponse(200, "{}"));
        var dueFiftyMsAgo = Stopwatch.GetTimestamp() - (Stopwatch.Frequency / 20);

        await new Iteration(target, recorder, 0, dueFiftyMsAgo, CancellationToken.None).Get("query", "x");

        Assert.True(recorder.Steps()[0].Latency.P50Ms >= 50, $"latency {recorder.Steps()[0].Latency.P50Ms} ms should include the 50 ms delay");
    }

    [Fact]
    public void A_stall_shows_in_every_request_due_during_it()
    {
        // 1,000 requests due 1 ms apart; the system stalls for the first 100 ms and answers everything due in it at
        // its end. Timed from sending, 1 request looks slow; timed from intended starts, 10 % are, by up to 100 ms.
        var start = Stopwatch.GetTimestamp();
        var recorder = new RunRecorder([Step], start);
        var ms = Stopwatch.Frequency / 1000;
        for (var i = 0; i < 1000; i++)
        {
            var intended = start + (i * ms);
            var completed = Math.Max(intended, start + (100 * ms)) + (ms / 10);
            recorder.Record(0, "event", intended, completed, Outcome.Ok);
        }

        var latency = recorder.Steps()[0].Latency;
        Assert.InRange(latency.P50Ms, 0, 1);
        Assert.InRange(latency.P99Ms, 50, 101);
        Assert.InRange(latency.MaxMs, 99, 101);
    }

    [Fact]
    public void Rejections_and_errors_are_counted_apart_and_not_as_latency()
    {
        var start = Stopwatch.GetTimestamp();
        var recorder = new RunRecorder([Step], start);
        recorder.Record(0, "event", start, start + 1, Outcome.Ok);
        recorder.Record(0, "event", start, start + 1, Outcome.Rejected);
        recorder.Record(0, "event", start, start + 1, Outcome.Error);

        var step = recorder.Steps()[0];
        Assert.Equal((1, 1, 1), (step.Ok, step.Rejected, step.Errors));
        Assert.Equal(3, step.Kinds.Single().Count);
        Assert.Equal(2, step.Kinds.Single().Errors);
    }
}
