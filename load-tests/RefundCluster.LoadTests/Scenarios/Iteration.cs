using System.Diagnostics;
using System.Text.Json.Nodes;
using RefundCluster.LoadTests.Measuring;
using RefundCluster.LoadTests.Targets;

namespace RefundCluster.LoadTests.Scenarios;

/// <summary>
/// One iteration of a scenario. Its first request is timed from the iteration's intended start (so queueing in the
/// driver or the system counts); each later request, which depends on the one before, from when it was sent.
/// </summary>
public sealed class Iteration(ITarget target, RunRecorder recorder, int step, long intendedTimestamp, CancellationToken cancellationToken)
{
    private long _timedFrom = intendedTimestamp;

    /// <summary>False once a request of this iteration failed: later steps of a funnel are skipped.</summary>
    public bool Healthy { get; private set; } = true;

    public Task<TargetResponse> Post(string kind, string path, JsonNode body) => Send(kind, HttpMethod.Post, path, body.ToJsonString());

    public Task<TargetResponse> Get(string kind, string path) => Send(kind, HttpMethod.Get, path, null);

    private async Task<TargetResponse> Send(string kind, HttpMethod method, string path, string? json)
    {
        var response = await target.Send(method, path, json, cancellationToken);
        var done = Stopwatch.GetTimestamp();
        var outcome = response.IsSuccess ? Outcome.Ok : response.IsRejected ? Outcome.Rejected : Outcome.Error;
        var durableEvent = method == HttpMethod.Post && path == "v1/events"; // one event, persisted before its answer
        recorder.Record(step, kind, _timedFrom, done, outcome, durableEvent);
        _timedFrom = done;
        Healthy &= outcome == Outcome.Ok;
        return response;
    }
}
