using System.Net.Http.Json;
using System.Text.Json;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;

namespace RefundCluster.Client;

public sealed partial class RefundClusterClient
{
    /// <summary>
    /// <c>POST /v1/events</c>: one event, answered once its effect is persisted (a resent eventId answers
    /// <see cref="OutcomeStatus.Duplicate"/>). A refusal throws <see cref="RefundClusterException"/> with its code.
    /// </summary>
    public async Task<EventOutcome> Send(IntegratorEvent e, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        var body = JsonSerializer.SerializeToUtf8Bytes(e, ClientJson.Write);
        using var response = await SendWithRetries(() => Request(HttpMethod.Post, "v1/events", Json(body)), cancel).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await Refusal(response, cancel).ConfigureAwait(false);
        }

        return await response.Content.ReadFromJsonAsync<EventOutcome>(ClientJson.Read, cancel).ConfigureAwait(false)
               ?? throw new RefundClusterException("POST v1/events answered an empty body.");
    }

    /// <summary>
    /// <c>POST /v1/events/batch</c>, as many times as it takes: split to <see cref="RefundClusterClientOptions.BatchSize"/>
    /// events and the API's byte limit, sent one request after another, and within each the items refused for a passing
    /// reason resent (same eventIds, in order) after their Retry-After. One order's events keep their order: once one of
    /// them is left unapplied, its later ones are not sent (<c>batch.not_attempted</c>). Items come back in input order;
    /// a request refused as a whole for good (401, 403, 413 ...) throws <see cref="RefundClusterException"/>.
    /// </summary>
    public async Task<BatchSendResult> SendBatch(IEnumerable<IntegratorEvent> events, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var list = events.ToList();
        if (list.Contains(null!))
        {
            throw new ArgumentException("A batch holds no null events.", nameof(events));
        }

        var encoded = list.Select(e => JsonSerializer.SerializeToUtf8Bytes(e, ClientJson.Write)).ToArray();
        var results = new BatchItemResult[list.Count];
        var stalled = new Dictionary<string, string>(StringComparer.Ordinal); // order → its event left unapplied
        var requests = 0;
        foreach (var chunk in Chunks(encoded))
        {
            var pending = new List<int>(chunk.Count);
            foreach (var i in chunk)
            {
                if (stalled.TryGetValue(list[i].OrderId, out var earlier))
                {
                    results[i] = NotAttempted(i, list[i].EventId, earlier);
                }
                else
                {
                    pending.Add(i);
                }
            }

            for (var attempt = 1; pending.Count > 0; attempt++)
            {
                var (items, retryAfter) = await PostBatch(pending, encoded, cancel).ConfigureAwait(false);
                requests++;
                var again = new List<int>();
                for (var k = 0; k < pending.Count; k++)
                {
                    results[pending[k]] = items[k] with { Index = pending[k] };
                    if (items[k].Problem?.RetryAfter is not null)
                    {
                        again.Add(pending[k]);
                    }
                }

                if (again.Count == 0 || attempt >= _options.Retry.MaxAttempts)
                {
                    foreach (var i in again)
                    {
                        stalled.TryAdd(list[i].OrderId, list[i].EventId);
                    }

                    break;
                }

                var wait = again.Max(i => results[i].Problem!.RetryAfter) ?? retryAfter;
                await Wait(attempt, wait, cancel).ConfigureAwait(false);
                pending = again;
            }
        }

        return new BatchSendResult(results) { Requests = requests };
    }

    /// <summary>Indexes of the events, in order, in runs that fit one batch request (count and bytes).</summary>
    private IEnumerable<List<int>> Chunks(byte[][] encoded)
    {
        var chunk = new List<int>();
        var bytes = 2L; // [ ]
        for (var i = 0; i < encoded.Length; i++)
        {
            var size = encoded[i].Length + 1L; // and a comma
            if (chunk.Count > 0 && (chunk.Count == _options.BatchSize || bytes + size > ApiLimits.MaxBatchBytes))
            {
                yield return chunk;
                chunk = [];
                bytes = 2;
            }

            chunk.Add(i);
            bytes += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>
    /// One batch request (itself retried while refused as a whole for a passing reason); its items in the order of
    /// <paramref name="indexes"/>, and the answer's Retry-After. A batch refused as a whole for good throws.
    /// </summary>
    private async Task<(BatchItemResult[] Items, TimeSpan? RetryAfter)> PostBatch(List<int> indexes, byte[][] encoded, CancellationToken cancel)
    {
        var body = new byte[2 + indexes.Sum(i => encoded[i].Length) + Math.Max(0, indexes.Count - 1)];
        var at = 0;
        body[at++] = (byte)'[';
        foreach (var i in indexes)
        {
            if (at > 1)
            {
                body[at++] = (byte)',';
            }

            encoded[i].CopyTo(body, at);
            at += encoded[i].Length;
        }

        body[at] = (byte)']';

        using var response = await SendWithRetries(() => Request(HttpMethod.Post, "v1/events/batch", Json(body)), cancel).ConfigureAwait(false);
        var retryAfter = RetryAfterOf(response);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await ReadProblem(response, retryAfter, cancel).ConfigureAwait(false);
            if (retryAfter is null)
            {
                throw new RefundClusterException(problem);
            }

            // Refused as a whole for a passing reason, retries spent: every item stays to be resent.
            return ([.. indexes.Select((_, k) => new BatchItemResult(
                k, EventIdOf(encoded[indexes[k]]), OutcomeStatus.Rejected, null, null, null, null, [], problem with { EventId = EventIdOf(encoded[indexes[k]]) }))], retryAfter);
        }

        var answer = await response.Content.ReadFromJsonAsync<BatchAnswer>(ClientJson.Read, cancel).ConfigureAwait(false);
        if (answer is null || answer.Items.Length != indexes.Count)
        {
            throw new RefundClusterException($"The batch answer has {answer?.Items.Length ?? 0} items for {indexes.Count} events.");
        }

        return ([.. answer.Items.Select(ToResult)], retryAfter);
    }

    private static BatchItemResult ToResult(BatchAnswer.Item item) => new(
        item.Index, item.EventId, item.Status, item.OrderId, item.RefundId, item.EntityStatus, item.Version, item.Actions ?? [],
        item.Problem is { } p
            ? new RefundClusterProblem
            {
                Type = p.Type, Title = p.Title, Status = p.Status, Detail = p.Detail, Code = p.Code, EventId = item.EventId,
                RetryAfter = item.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            }
            : null);

    private static BatchItemResult NotAttempted(int index, string eventId, string earlierEventId) => new(
        index, eventId, OutcomeStatus.Rejected, null, null, null, null, [],
        new RefundClusterProblem
        {
            Status = 503, Code = ErrorCatalogue.BatchNotAttempted.Code, EventId = eventId, RetryAfter = TimeSpan.Zero,
            Detail = $"Not sent, to keep this order's events in order: its earlier event '{earlierEventId}' was not applied (retryable). Resend both, in order, with the same eventIds.",
        });

    private static string? EventIdOf(byte[] utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        return document.RootElement.TryGetProperty("eventId", out var id) ? id.GetString() : null;
    }
}
