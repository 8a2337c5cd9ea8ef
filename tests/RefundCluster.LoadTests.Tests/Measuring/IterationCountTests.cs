using System.Diagnostics;
using RefundCluster.LoadTests.Driving;
using RefundCluster.LoadTests.Measuring;
using RefundCluster.LoadTests.Profiles;
using RefundCluster.LoadTests.Scenarios;
using RefundCluster.LoadTests.Targets;
using RefundCluster.LoadTests.Tests.Support;

namespace RefundCluster.LoadTests.Tests.Measuring;

/// <summary>Iterations (the target rate's unit) and acknowledged events (the durable rate) are counted apart from requests.</summary>
public sealed class IterationCountTests
{
    [Fact]
    public async Task An_acknowledged_event_is_durable_and_a_read_or_a_refusal_is_not()
    {
        var recorder = new RunRecorder([new LoadStep("s", 10, TimeSpan.FromSeconds(1))], Stopwatch.GetTimestamp());
        var target = new FakeTarget((method, path, _) => path.Contains("refused", StringComparison.Ordinal) ? new TargetResponse(503, null) : new TargetResponse(200, "{}"));
        var iteration = new Iteration(target, recorder, 0, Stopwatch.GetTimestamp(), CancellationToken.None);

        await iteration.Post("order.paid", "v1/events", new System.Text.Json.Nodes.JsonObject());
        await iteration.Get("query.order", "v1/orders/o-1");
        await new Iteration(target, recorder, 0, Stopwatch.GetTimestamp(), CancellationToken.None)
            .Post("order.paid", "v1/events?refused", new System.Text.Json.Nodes.JsonObject());

        var step = recorder.Steps()[0];
        Assert.Equal((2L, 1L, 1L), (step.Ok, step.Rejected, step.Events));
    }

    [Fact]
    public async Task The_driver_counts_every_iteration_of_a_funnel_once()
    {
        // Three requests per iteration, 50 iterations in one second: 150 requests, 50 iterations.
        var steps = new[] { new LoadStep("s", 50, TimeSpan.FromSeconds(1)) };
        var target = new FakeTarget((_, _, _) => new TargetResponse(200, "{}"));
        var recorder = await new LoadDriver(new ThreeRequests(), target, steps).Run(TestContext.Current.CancellationToken);

        var step = recorder.Steps()[0];
        Assert.Equal(50, step.Iterations);
        Assert.Equal(150, step.Ok);
        Assert.Equal(100, step.Events);
        Assert.InRange(step.IterationRate, 40, 51);
        Assert.InRange(step.AchievedRate, 120, 151);
        Assert.Equal(50, recorder.Timeline().Sum(p => p.Iterations));
        Assert.Equal(150, recorder.Timeline().Sum(p => p.Throughput));
    }

    [Fact]
    public void A_backlog_answered_after_the_step_lowers_its_achieved_rate()
    {
        // 100 requests due in one second, all answered only a second after the step ended: 50 requests/s got through.
        var start = Stopwatch.GetTimestamp();
        var f = Stopwatch.Frequency;
        var recorder = new RunRecorder([new LoadStep("s", 100, TimeSpan.FromSeconds(1))], start);
        recorder.StepStarted(0, start);
        for (var i = 0; i < 100; i++)
        {
            recorder.Record(0, "order.paid", start + (i * f / 100), start + (2 * f), Outcome.Ok, durableEvent: true);
            recorder.IterationCompleted(0, start + (2 * f));
        }

        recorder.StepEnded(0, start + f);

        var step = recorder.Steps()[0];
        Assert.Equal(1, step.Duration.TotalSeconds, 0.001);
        Assert.Equal(2, step.Span.TotalSeconds, 0.001);
        Assert.Equal(50, step.AchievedRate, 0.1);
        Assert.Equal(50, step.IterationRate, 0.1);
        Assert.Equal(50, step.EventRate, 0.1);
    }

    private sealed class ThreeRequests : IScenario
    {
        public string Name => "three";

        public string Description => "two events and a read";

        public ScenarioExpectations Expectations { get; } = new();

        public async Task Run(long iteration, Iteration context)
        {
            await context.Post("a", "v1/events", new System.Text.Json.Nodes.JsonObject());
            await context.Post("b", "v1/events", new System.Text.Json.Nodes.JsonObject());
            await context.Get("c", "v1/orders/x");
        }
    }
}
