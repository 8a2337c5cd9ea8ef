using System.Diagnostics;
using System.Text.Json.Nodes;
using RefundCluster.LoadTests.Driving;
using RefundCluster.LoadTests.Measuring;
using RefundCluster.LoadTests.Targets;

namespace RefundCluster.LoadTests.Scenarios;

/// <summary>
/// One iteration of a scenario. Its first request is timed from the iteration's intended start (so queueing in the
/// driver or the system counts); each later request, which depends on the one before, from when it was sent, or from
/// when it fell due (<see cref="PostDue"/>). With a <see cref="EventBatcher"/> (<c>--batch N</c>) its events go in
/// batches with other iterations' events; each is awaited before the iteration goes on, so its events stay in order.
/// </summary>
public sealed class Iteration(ITarget target, RunRecorder recorder, int step, long intendedTimestamp, CancellationToken cancellationToken)
{
    public const string EventPath = "v1/events";

    private long _timedFrom = intendedTimestamp;

    /// <summary>When the iteration was due to start (its pacer's schedule).</summary>
    public long IntendedTimestamp { get; } = intendedTimestamp;

    /// <summary>Set: events go in batches through it; null: one <c>POST /v1/events</c> each.</summary>
    public EventBatcher? Batcher { get; init; }

    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>False once a request of this iteration failed: later steps of a funnel are skipped.</summary>
    public bool Healthy { get; private set; } = true;

    public Task<TargetResponse> Post(string kind, string path, JsonNode body) =>
        Batcher is not null && path == EventPath
            ? SendBatched(kind, body.ToJsonString(), _timedFrom, late: false)
            : Send(kind, HttpMethod.Post, path, body.ToJsonString());

    /// <summary>
    /// Sends an event that fell due at <paramref name="dueTimestamp"/> (a later stage of a lifecycle), timed from then.
    /// If that is past (the stage before was answered late), it goes now and counts as late.
    /// </summary>
    public Task<TargetResponse> PostDue(string kind, JsonNode body, long dueTimestamp) => PostJsonDue(kind, body.ToJsonString(), dueTimestamp);

    /// <summary>As <see cref="PostDue"/>, with the event already written as JSON (a replay's recorded event).</summary>
    public Task<TargetResponse> PostJsonDue(string kind, string json, long dueTimestamp)
    {
        _timedFrom = dueTimestamp;
        var late = Stopwatch.GetTimestamp() > dueTimestamp + LateTolerance;
        return Batcher is not null ? SendBatched(kind, json, dueTimestamp, late) : Send(kind, HttpMethod.Post, EventPath, json);
    }

    /// <summary>Waits until <paramref name="dueTimestamp"/> (not at all if it is past).</summary>
    public Task Until(long dueTimestamp)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), dueTimestamp);
        return wait > TimeSpan.Zero ? Task.Delay(wait, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>A timer wakes a little after its due time; only later than this counts as late.</summary>
    private static readonly long LateTolerance = Stopwatch.Frequency / 50;

    public Task<TargetResponse> Get(string kind, string path) => Send(kind, HttpMethod.Get, path, null);

    private async Task<TargetResponse> Send(string kind, HttpMethod method, string path, string? json)
    {
        var response = await target.Send(method, path, json, cancellationToken);
        var done = Stopwatch.GetTimestamp();
        var outcome = response.IsSuccess ? Outcome.Ok : response.IsRejected ? Outcome.Rejected : Outcome.Error;
        var durableEvent = method == HttpMethod.Post && path == EventPath; // one event, persisted before its answer
        recorder.Record(step, kind, _timedFrom, done, outcome, durableEvent, response.StatusKey);
        _timedFrom = done;
        Healthy &= outcome == Outcome.Ok;
        return response;
    }

    private async Task<TargetResponse> SendBatched(string kind, string json, long due, bool late)
    {
        var response = await Batcher!.Submit(json, due);
        var done = Stopwatch.GetTimestamp();
        recorder.RecordEvent(step, kind, due, done, response.IsSuccess, late);
        _timedFrom = done;
        Healthy &= response.IsSuccess;
        return response;
    }
}
