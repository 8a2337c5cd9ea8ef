using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using RefundCluster.LoadTests.Measuring;
using RefundCluster.LoadTests.Targets;

namespace RefundCluster.LoadTests.Driving;

/// <summary>
/// <c>--batch N</c>: the scenarios' events go to <c>POST /v1/events/batch</c> in batches of up to N instead of one
/// request each. Iterations hand their events in as they fall due (<see cref="Submit"/>) and await their own item's
/// answer, so one iteration's (one lifecycle's) events are never in flight out of order. A dedicated thread packs what
/// is waiting (<see cref="BatchPacker{T}"/>: full batches at once, the rest after the send window) and sends each batch
/// from the thread pool, whatever earlier batches are doing (open model). Each batch's latency is
/// measured from its intended send time; each item's answer counts on its own (applied, or not applied with its code).
/// The thread sleeps until the waiting events' window ends, or until a submission fills a batch or is the first to
/// wait: a few wake-ups per batch rather than one per millisecond, since the system under test shares these cores.
/// </summary>
public sealed class EventBatcher : IAsyncDisposable
{
    public const string BatchPath = "v1/events/batch";

    private readonly ITarget _target;
    private readonly RunRecorder _recorder;
    private readonly BatchPacker<Pending> _packer;
    private readonly ConcurrentQueue<Pending> _incoming = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly AutoResetEvent _wake = new(false);
    private long _inFlight;

    /// <summary>Submitted and not yet packed.</summary>
    private int _queued;

    /// <summary>How many queued events wake the packing thread: 1 when nothing waits, else what fills a batch.</summary>
    private int _wakeAt = 1;

    public EventBatcher(ITarget target, RunRecorder recorder, int maxBatch, TimeSpan window)
    {
        _target = target;
        _recorder = recorder;
        _packer = new BatchPacker<Pending>(maxBatch, (long)(window.TotalSeconds * Stopwatch.Frequency));
        Window = window;
        _thread = new Thread(Loop) { IsBackground = true, Name = "event batcher" };
        _thread.Start();
    }

    public int MaxBatch => _packer.MaxBatch;

    public TimeSpan Window { get; }

    /// <summary>Batches sent and not yet answered.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>
    /// Queues one event that fell due at <paramref name="dueTimestamp"/>; completes with its own answer: 200 for an
    /// item accepted (or a duplicate), the item's problem status and code for one the cluster did not apply, or the
    /// whole batch's answer when the batch failed (429, 503, a timeout...).
    /// </summary>
    public Task<TargetResponse> Submit(string json, long dueTimestamp)
    {
        var pending = new Pending(json, dueTimestamp, new TaskCompletionSource<TargetResponse>(TaskCreationOptions.RunContinuationsAsynchronously));
        _incoming.Enqueue(pending);
        if (Interlocked.Increment(ref _queued) >= Volatile.Read(ref _wakeAt))
        {
            _wake.Set();
        }

        return pending.Answer.Task;
    }

    private void Loop()
    {
        try
        {
            while (!_stop.Token.IsCancellationRequested)
            {
                var now = Stopwatch.GetTimestamp();
                Pack(now);
                Volatile.Write(ref _wakeAt, _packer.Waiting == 0 ? 1 : MaxBatch - _packer.Waiting);
                // Submissions that raced with the line above find the old threshold: look again before sleeping.
                if (Volatile.Read(ref _queued) >= Volatile.Read(ref _wakeAt))
                {
                    continue;
                }

                _wake.WaitOne(_packer.NextDeadline is { } deadline ? MillisecondsUntil(deadline, now) : IdleCheck);
            }

            Pack(Stopwatch.GetTimestamp());
            if (_packer.Flush() is { } rest)
            {
                Send(rest);
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>How often an idle packing thread looks at the stop token (a submission or the stop wakes it at once).</summary>
    private const int IdleCheck = 100;

    private static int MillisecondsUntil(long deadline, long now) =>
        (int)Math.Clamp((deadline - now + Stopwatch.Frequency / 1000 - 1) * 1000 / Stopwatch.Frequency, 1, IdleCheck);

    private void Pack(long now)
    {
        while (_incoming.TryDequeue(out var pending))
        {
            Interlocked.Decrement(ref _queued);
            _packer.Add(pending, pending.Due, now);
        }

        foreach (var batch in _packer.TakeReady(now))
        {
            Send(batch);
        }
    }

    private void Send(PackedBatch<Pending> batch)
    {
        Interlocked.Increment(ref _inFlight);
        _ = Task.Run(async () =>
        {
            try
            {
                await SendBatch(batch);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }, CancellationToken.None);
    }

    private async Task SendBatch(PackedBatch<Pending> batch)
    {
        var body = new StringBuilder(batch.Items.Sum(p => p.Json.Length + 1) + 2).Append('[');
        for (var i = 0; i < batch.Items.Count; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(batch.Items[i].Json);
        }

        var step = _recorder.StepAt(batch.IntendedTimestamp);
        TargetResponse response;
        try
        {
            response = await _target.Send(HttpMethod.Post, BatchPath, body.Append(']').ToString(), CancellationToken.None);
        }
        catch (Exception e)
        {
            response = new TargetResponse(0, e.Message);
        }

        var done = Stopwatch.GetTimestamp();
        var answers = BatchAnswers.Parse(response, batch.Items.Count);
        _recorder.RecordBatch(step, batch.IntendedTimestamp, done, response, answers);
        for (var i = 0; i < batch.Items.Count; i++)
        {
            batch.Items[i].Answer.TrySetResult(answers[i].Response);
        }
    }

    /// <summary>Sends what is still waiting and stops the packing thread (answers still in flight complete on their own).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            await _stopped.Task;
            return;
        }

        await _stop.CancelAsync();
        _wake.Set();
        await _stopped.Task;
        _stop.Dispose();
        _wake.Dispose();
    }

    private int _disposed;

    private sealed record Pending(string Json, long Due, TaskCompletionSource<TargetResponse> Answer);
}

/// <summary>One item of a batch answer: whether the cluster applied it, and the response its iteration sees.</summary>
/// <param name="NotAppliedCode">Why it was not applied: the item's problem code, or "batch …" for a batch that failed as a whole.</param>
public readonly record struct ItemAnswer(bool Applied, string? NotAppliedCode, TargetResponse Response);

/// <summary>Reads <c>POST /v1/events/batch</c>'s answer item by item.</summary>
public static class BatchAnswers
{
    /// <summary>
    /// The answer for each of <paramref name="count"/> events, by index: accepted and duplicate are applied; any other
    /// status (rejected, or whatever an admission layer calls an item it did not admit) is not, with its problem code.
    /// A batch that failed as a whole (not 200, or an answer that cannot be read) leaves every item not applied.
    /// </summary>
    public static ItemAnswer[] Parse(TargetResponse response, int count)
    {
        var answers = new ItemAnswer[count];
        if (response.IsSuccess && TryParse(response.Body, answers))
        {
            return answers;
        }

        var code = response.IsSuccess ? "batch answer unreadable" : $"batch {response.StatusKey}";
        var failed = response.IsSuccess ? new TargetResponse(0, code) : response;
        Array.Fill(answers, new ItemAnswer(false, code, failed));
        return answers;
    }

    private static bool TryParse(string? body, ItemAnswer[] answers)
    {
        try
        {
            using var document = JsonDocument.Parse(body ?? "");
            if (!document.RootElement.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array || items.GetArrayLength() != answers.Length)
            {
                return false;
            }

            var position = 0;
            foreach (var item in items.EnumerateArray())
            {
                var index = item.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) && n >= 0 && n < answers.Length ? n : position;
                position++;
                var status = item.TryGetProperty("status", out var s) ? s.GetString() : null;
                if (status is "accepted" or "duplicate")
                {
                    answers[index] = new ItemAnswer(true, null, new TargetResponse(200, status));
                    continue;
                }

                var problem = item.TryGetProperty("problem", out var p) && p.ValueKind == JsonValueKind.Object ? p : (JsonElement?)null;
                var code = problem?.TryGetProperty("code", out var c) == true ? c.GetString() : null;
                var problemStatus = problem?.TryGetProperty("status", out var ps) == true && ps.TryGetInt32(out var st) ? st : 422;
                code ??= status ?? "unknown";
                answers[index] = new ItemAnswer(false, code, new TargetResponse(problemStatus, code));
            }

            return answers.All(a => a.Response.Status != 0);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
