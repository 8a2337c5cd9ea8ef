using System.Diagnostics;
using System.Text.Json.Nodes;
using RefundCluster.LoadTests.Driving;
using RefundCluster.LoadTests.Measuring;
using RefundCluster.LoadTests.Profiles;
using RefundCluster.LoadTests.Targets;
using RefundCluster.LoadTests.Tests.Support;

namespace RefundCluster.LoadTests.Tests.Driving;

/// <summary>--batch: events go to /v1/events/batch together, and each item's answer counts on its own.</summary>
public sealed class EventBatcherTests
{
    private static readonly LoadStep Step = new("constant", 10, TimeSpan.FromSeconds(1));

    [Fact]
    public async Task Items_count_one_by_one_accepted_duplicate_or_rejected_with_their_code()
    {
        string? sentPath = null;
        JsonArray? sent = null;
        var target = new FakeTarget((_, path, json) =>
        {
            sentPath = path;
            sent = JsonNode.Parse(json!)!.AsArray();
            return new TargetResponse(200, """
                {"accepted":1,"duplicates":1,"rejected":1,"items":[
                  {"index":0,"eventId":"e0","status":"accepted"},
                  {"index":1,"eventId":"e1","status":"duplicate"},
                  {"index":2,"eventId":"e2","status":"rejected","problem":{"type":"t","title":"x","status":409,"detail":"d","code":"refund.already_finished"}}]}
                """);
        });
        var recorder = new RunRecorder([Step], Stopwatch.GetTimestamp());
        recorder.StepStarted(0, Stopwatch.GetTimestamp());
        var now = Stopwatch.GetTimestamp();

        TargetResponse[] answers;
        await using (var batcher = new EventBatcher(target, recorder, 3, TimeSpan.FromSeconds(10)))
        {
            answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => batcher.Submit($$"""{"eventId":"e{{i}}"}""", now)));
        }

        Assert.Equal(EventBatcher.BatchPath, sentPath);
        Assert.Equal(["e0", "e1", "e2"], sent!.Select(e => e!["eventId"]!.GetValue<string>()));
        Assert.Equal([200, 200, 409], answers.Select(a => a.Status));
        Assert.Equal("refund.already_finished", answers[2].Body);
        var step = recorder.Steps().Single();
        Assert.Equal((1, 3, 2), (step.Batches, step.EventsOffered, step.Events));
        Assert.Equal(new Dictionary<string, long> { ["refund.already_finished"] = 1 }, step.NotApplied);
        Assert.Equal(new Dictionary<string, long> { ["200"] = 1 }, step.StatusCodes);
        Assert.Equal(1, step.Ok); // the request succeeded; its items are counted apart
    }

    [Fact]
    public async Task A_shed_batch_leaves_every_item_not_applied_and_counts_its_503_with_retry_after()
    {
        var target = new FakeTarget((_, _, _) => new TargetResponse(503, "cluster.overloaded", TimeSpan.FromSeconds(1)));
        var recorder = new RunRecorder([Step], Stopwatch.GetTimestamp());
        recorder.StepStarted(0, Stopwatch.GetTimestamp());

        TargetResponse[] answers;
        await using (var batcher = new EventBatcher(target, recorder, 2, TimeSpan.FromSeconds(10)))
        {
            answers = await Task.WhenAll(batcher.Submit("{}", Stopwatch.GetTimestamp()), batcher.Submit("{}", Stopwatch.GetTimestamp()));
        }

        Assert.All(answers, a => Assert.Equal(503, a.Status));
        var step = recorder.Steps().Single();
        Assert.Equal((2, 0, 1), (step.EventsOffered, step.Events, step.Rejected));
        Assert.Equal(new Dictionary<string, long> { ["batch 503 with Retry-After"] = 2 }, step.NotApplied);
        Assert.Equal(new Dictionary<string, long> { ["503 with Retry-After"] = 1 }, step.StatusCodes);
    }

    [Fact]
    public async Task Events_that_do_not_fill_a_batch_go_after_the_window_or_when_the_batcher_stops()
    {
        var batches = 0;
        var target = new FakeTarget((_, _, json) =>
        {
            Interlocked.Increment(ref batches);
            var count = JsonNode.Parse(json!)!.AsArray().Count;
            return new TargetResponse(200, $$"""{"items":[{{string.Join(",", Enumerable.Range(0, count).Select(i => $$"""{"index":{{i}},"status":"accepted"}"""))}}]}""");
        });
        var recorder = new RunRecorder([Step], Stopwatch.GetTimestamp());
        recorder.StepStarted(0, Stopwatch.GetTimestamp());

        await using (var batcher = new EventBatcher(target, recorder, 100, TimeSpan.FromMilliseconds(20)))
        {
            var first = await batcher.Submit("{}", Stopwatch.GetTimestamp()); // one event: goes after the window
            Assert.Equal(200, first.Status);
        }

        await using (var batcher = new EventBatcher(target, recorder, 100, TimeSpan.FromHours(1)))
        {
            var pending = batcher.Submit("{}", Stopwatch.GetTimestamp());
            await Task.Delay(50, TestContext.Current.CancellationToken);
            Assert.False(pending.IsCompleted); // waiting for 99 more, or the window
            await batcher.DisposeAsync();
            Assert.Equal(200, (await pending).Status); // sent when the batcher stopped
        }

        Assert.Equal(2, batches);
    }

    [Theory]
    [InlineData(200, "not json")]
    [InlineData(200, """{"items":[]}""")] // fewer items than events
    public void An_unreadable_batch_answer_applies_nothing(int status, string body)
    {
        var answers = BatchAnswers.Parse(new TargetResponse(status, body), 2);

        Assert.All(answers, a => Assert.Equal((false, "batch answer unreadable"), (a.Applied, a.NotAppliedCode)));
    }

    [Fact]
    public void An_item_status_the_tool_does_not_know_counts_as_not_applied()
    {
        var answers = BatchAnswers.Parse(new TargetResponse(200, """{"items":[{"index":0,"status":"not_admitted","problem":{"status":503,"code":"cluster.overloaded"}}]}"""), 1);

        Assert.Equal((false, "cluster.overloaded", 503), (answers[0].Applied, answers[0].NotAppliedCode, answers[0].Response.Status));
    }

    [Theory]
    [InlineData(0, true, false, "timeout")]
    [InlineData(0, false, false, "no answer")]
    [InlineData(503, false, true, "503 with Retry-After")]
    [InlineData(503, false, false, "503 without Retry-After")]
    [InlineData(429, false, true, "429")]
    [InlineData(500, false, false, "500")]
    public void Answers_are_counted_by_status_with_503_split_on_retry_after(int status, bool timedOut, bool retryAfter, string key) =>
        Assert.Equal(key, new TargetResponse(status, null, retryAfter ? TimeSpan.FromSeconds(1) : null) { TimedOut = timedOut }.StatusKey);
}
