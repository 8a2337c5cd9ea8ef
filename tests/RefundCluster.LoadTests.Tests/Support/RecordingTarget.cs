using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using RefundCluster.LoadTests.Targets;

namespace RefundCluster.LoadTests.Tests.Support;

/// <summary>
/// A cluster stand-in that answers every batch item "accepted" after <paramref name="delay"/>, and records each
/// request with when it was sent and answered, so that the tool's ordering and packing can be checked.
/// </summary>
public sealed class RecordingTarget(TimeSpan delay) : ITarget
{
    public ConcurrentQueue<SentRequest> Requests { get; } = new();

    public string Description => "recording";

    public async Task<TargetResponse> Send(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        var sent = Stopwatch.GetTimestamp();
        await Task.Delay(delay, cancellationToken);
        var body = json is null ? null : JsonNode.Parse(json);
        Requests.Enqueue(new SentRequest(method, path, body, sent, Stopwatch.GetTimestamp()));
        if (body is JsonArray events)
        {
            var items = string.Join(",", events.Select((e, i) => $$"""{"index":{{i}},"eventId":"{{e!["eventId"]}}","status":"accepted"}"""));
            return new TargetResponse(200, $$"""{"accepted":{{events.Count}},"duplicates":0,"rejected":0,"items":[{{items}}]}""");
        }

        return new TargetResponse(200, "{}");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

public sealed record SentRequest(HttpMethod Method, string Path, JsonNode? Body, long SentAt, long AnsweredAt);
