using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Views;
using RefundCluster.Silo.Api;
using RefundCluster.Silo.Security;

namespace RefundCluster.Api.Tests;

/// <summary>The permits themselves and the dispatcher's hold on them, without a host.</summary>
public sealed class EventAdmissionTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_request_gets_as_many_permits_as_are_free_and_each_one_comes_back()
    {
        var admission = Admission(capacity: 5);

        using (var batch = await admission.Admit(20, "batch", Cancel))
        {
            Assert.Equal((5, 5), (batch.Count, admission.InFlight));
            using var single = await admission.Admit(1, "single", Cancel);
            Assert.Equal(0, single.Count);

            batch.ReturnOne();
            Assert.Equal(4, admission.InFlight);
            using var next = await admission.Admit(1, "single", Cancel);
            Assert.Equal((1, 5), (next.Count, admission.InFlight));
        }

        // Disposing a lease gives back what was neither returned nor handed to a dispatch.
        Assert.Equal(0, admission.InFlight);
    }

    [Fact]
    public async Task A_short_wait_takes_a_permit_that_frees_up_meanwhile_and_a_cancelled_wait_keeps_none()
    {
        var admission = Admission(capacity: 1, maxWait: TimeSpan.FromSeconds(30));
        var holder = await admission.Admit(1, "single", Cancel);

        var waiting = admission.Admit(1, "single", Cancel).AsTask();
        holder.Dispose();
        using (var got = await waiting)
        {
            Assert.Equal(1, got.Count);
            using var cancel = new CancellationTokenSource();
            var cancelled = admission.Admit(1, "single", cancel.Token).AsTask();
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        }

        Assert.Equal(0, admission.InFlight);
    }

    [Fact]
    public async Task Without_a_wait_a_request_past_capacity_is_shed_at_once_and_counted()
    {
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var shed = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "refundcluster.admission.shed")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref shed, value));
        listener.Start();
        var admission = Admission(capacity: 2, meters: meters.GetRequiredService<IMeterFactory>());

        using var first = await admission.Admit(3, "batch", Cancel);
        using var second = await admission.Admit(4, "batch", Cancel);

        Assert.Equal((2, 0), (first.Count, second.Count));
        Assert.Equal(5, Interlocked.Read(ref shed));
    }

    [Fact]
    public async Task An_event_answered_as_timed_out_keeps_its_permit_until_its_grain_call_ends()
    {
        var admission = Admission(capacity: 1);
        var grain = new TaskCompletionSource<EventOutcome>();
        var dispatcher = new EventDispatcher(
            FakeGrains.Answering(grain.Task), admission,
            Options.Create(new AdmissionOptions { MaxEventsInFlight = 1, EventTimeout = TimeSpan.FromMilliseconds(50) }),
            NullLogger<EventDispatcher>.Instance);
        var e = new OrderDeliveredEvent { EventId = "evt-1", OrderId = "order-1" };

        using (var lease = await admission.Admit(1, "single", Cancel))
        {
            using var answerBy = dispatcher.AnswerWindow();
            var outcome = await dispatcher.Dispatch(e, Credential, lease, answerBy.Token);

            Assert.Equal((OutcomeStatus.Rejected, "cluster.unavailable"), (outcome.Status, outcome.Error?.Code));
        }

        // Answered, but the grain is still at work: no new event may start in its place.
        Assert.Equal(1, admission.InFlight);
        using (var meanwhile = await admission.Admit(1, "single", Cancel))
        {
            Assert.Equal(0, meanwhile.Count);
        }

        grain.SetResult(new EventOutcome { EventId = "evt-1", Status = OutcomeStatus.Accepted });
        Assert.True(SpinWait.SpinUntil(() => admission.InFlight == 0, TimeSpan.FromSeconds(30)), "The permit never came back.");
    }

    [Fact]
    public async Task An_event_answered_in_time_gives_its_permit_back_before_the_answer()
    {
        var admission = Admission(capacity: 1);
        var dispatcher = new EventDispatcher(
            FakeGrains.Answering(Task.FromResult(new EventOutcome { EventId = "evt-2", Status = OutcomeStatus.Accepted })), admission,
            Options.Create(new AdmissionOptions { MaxEventsInFlight = 1 }), NullLogger<EventDispatcher>.Instance);

        using var lease = await admission.Admit(1, "single", Cancel);
        using var answerBy = dispatcher.AnswerWindow();
        var outcome = await dispatcher.Dispatch(new OrderDeliveredEvent { EventId = "evt-2", OrderId = "order-2" }, Credential, lease, answerBy.Token);

        Assert.Equal(OutcomeStatus.Accepted, outcome.Status);
        Assert.Equal(0, admission.InFlight);
    }

    private static readonly ApiCredential Credential = new("unit", [Role.Integrator], []);

    private static EventAdmission Admission(int capacity, TimeSpan? maxWait = null, IMeterFactory? meters = null) =>
        new(Options.Create(new AdmissionOptions { MaxEventsInFlight = capacity, MaxWait = maxWait ?? TimeSpan.Zero }),
            meters ?? new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
}

/// <summary>An <see cref="IGrainFactory"/> whose every grain answers every call with the given task.</summary>
public class FakeGrains : DispatchProxy
{
    private object? _answer;

    public static IGrainFactory Answering(Task<EventOutcome> answer)
    {
        var factory = Create<IGrainFactory, FakeGrains>();
        ((FakeGrains)(object)factory)._answer = answer;
        return factory;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == nameof(IGrainFactory.GetGrain) && targetMethod.ReturnType.IsInterface)
        {
            var grain = (DispatchProxy)typeof(DispatchProxy).GetMethod(nameof(Create), 2, Type.EmptyTypes)!
                .MakeGenericMethod(targetMethod.ReturnType, typeof(FakeGrains)).Invoke(null, null)!;
            ((FakeGrains)grain)._answer = _answer;
            return grain;
        }

        if (targetMethod.ReturnType == typeof(ValueTask<EventOutcome>))
        {
            return new ValueTask<EventOutcome>((Task<EventOutcome>)_answer!);
        }

        throw new NotSupportedException(targetMethod.Name);
    }
}
