using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Recording;
using RefundCluster.Domain.Policies;
using RefundCluster.LoadTests.Recordings;
using RefundCluster.LoadTests.Targets;

namespace RefundCluster.LoadTests.Scenarios;

/// <summary>
/// <c>run --replay FILE --speed Nx</c>: a shop's recording sent again, against any target. Each recorded order is one
/// iteration, started at its first event's recorded offset from the recording's first event, divided by the speed
/// (an open model: <see cref="Performance.Pacing.RecordedArrivals"/>); its later events each go at their own offset, and only
/// after the one before was answered (as a lifecycle's stages do), in batches with other orders' events. Firings are
/// not sent: the target fires its own deadlines, which match the recording's only if its clock runs at the same speed
/// (<c>--time-scale</c>; <see cref="Prepare"/> measures it). Every id gets the run's suffix (<see cref="ReplayIds"/>);
/// the replay policy is set on the replayed shops first. The replay audit (<see cref="Auditing.ReplayAudit"/>) then
/// compares each refund with the recording replayed through the pure core under that policy.
/// </summary>
public sealed class ReplayScenario : IScenario
{
    /// <summary>Each event type's wire kind (<c>order.paid</c> ...), for the figures by kind.</summary>
    private static readonly FrozenDictionary<Type, string> Kinds = typeof(IntegratorEvent).GetCustomAttributes<JsonDerivedTypeAttribute>()
        .ToFrozenDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    /// <summary>How far the target's clock may be from the speed before the tool warns (measured over a second of HTTP reads).</summary>
    private const double ClockTolerance = 0.1;

    private readonly ReplayRecording _recording;
    private readonly Lazy<IReadOnlyList<IReadOnlyList<RecordedInput>>> _orders;
    private long _startTimestamp;

    public ReplayScenario(ReplayRecording recording, string runId, double speed, ShopPolicy policy, string policySource)
    {
        _recording = recording;
        Speed = speed;
        Policy = policy;
        PolicySource = policySource;
        Ids = new ReplayIds(runId);
        _orders = new(() => [.. recording.Orders.Select(o => (IReadOnlyList<RecordedInput>)[.. o.Lines.Select(Ids.Apply)])]);
    }

    public string Name => "replay";

    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"replay of {_recording.Path}: {_recording.Describe()}; at {Speed:0.###}x ({Reporting.ReportFormat.Duration(_recording.EventSpan / Speed)} real); " +
        $"ids suffixed {Ids.Suffix}; policy: {PolicySource}");

    public ReplayRecording Recording => _recording;

    public double Speed { get; }

    /// <summary>The policy set on the replayed shops, and that the audit replays the recording under.</summary>
    public ShopPolicy Policy { get; }

    public string PolicySource { get; }

    public ReplayIds Ids { get; }

    /// <summary>The recorded orders with the run's ids, by iteration (the order of <see cref="ReplayRecording.Orders"/>).</summary>
    public IReadOnlyList<IReadOnlyList<RecordedInput>> Orders => _orders.Value;

    /// <summary>The replayed shops' ids.</summary>
    public IReadOnlyList<string> Shops => [.. _recording.Shops.Select(Ids.Of)];

    /// <summary>Nothing: the replay audit checks what a replay promised.</summary>
    public ScenarioExpectations Expectations { get; } = new();

    /// <summary>What became of each order's events.</summary>
    public ReplayTraces Replays { get; } = new();

    public double IterationsPerRateUnit => (double)_recording.Orders.Count / _recording.Events;

    public string RateUnit => "events";

    /// <summary>The Stopwatch moment the recording's first event was due (0 before the replay started).</summary>
    public long StartTimestamp => Interlocked.Read(ref _startTimestamp);

    /// <summary>The recording's time the replay has reached: its first event's time plus the time since, times the speed.</summary>
    public DateTimeOffset RecordedNow() =>
        StartTimestamp == 0 ? _recording.First : _recording.First + (Stopwatch.GetElapsedTime(StartTimestamp) * Speed);

    /// <summary>The single step a replay runs: each order at its recorded offset divided by the speed.</summary>
    public static Profiles.LoadStep Step(ReplayRecording recording, double speed)
    {
        var span = recording.EventSpan / speed;
        var duration = span > TimeSpan.Zero ? span : TimeSpan.FromSeconds(1);
        var rate = recording.Events / duration.TotalSeconds;
        return new Profiles.LoadStep(string.Create(CultureInfo.InvariantCulture, $"replay {speed:0.###}x ({rate:0.##} events/s on average)"), rate, duration)
        {
            Arrivals = recording.Arrivals(speed),
        };
    }

    public async Task Prepare(ITarget target, TextWriter console, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(Policy, WireJson.Shared);
        var failures = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(Shops, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (shop, ct) =>
        {
            var response = await target.Send(HttpMethod.Put, $"v1/shops/{shop}/policy", body, ct);
            if (!response.IsSuccess)
            {
                failures.Enqueue($"{shop}: HTTP {response.StatusKey} {response.Body}");
            }
        });
        if (!failures.IsEmpty)
        {
            throw new InvalidOperationException($"setting the replayed shops' policy failed, e.g. {failures.First()}");
        }

        console.WriteLine($"# replay: policy of {string.Join(", ", Shops)} set ({PolicySource}; PUT v1/shops/{{shopId}}/policy)");
        console.WriteLine(await CheckClock(target, cancellationToken));
    }

    /// <summary>
    /// Reads the target's clock twice, a second apart (the <c>asOf</c> of a shop's metrics is the cluster's time), and
    /// says whether it runs at the replay's speed: if not, the target's deadlines fire out of step with the recording.
    /// </summary>
    internal async Task<string> CheckClock(ITarget target, CancellationToken cancellationToken)
    {
        var shop = Shops[0];
        async Task<(DateTimeOffset AsOf, long At)?> Read()
        {
            var before = Stopwatch.GetTimestamp();
            var response = await target.Send(HttpMethod.Get, $"v1/shops/{shop}/metrics?window=1h", null, cancellationToken);
            var after = Stopwatch.GetTimestamp();
            try
            {
                using var document = response.IsSuccess ? JsonDocument.Parse(response.Body!) : null;
                return document?.RootElement.TryGetProperty("asOf", out var asOf) == true ? (asOf.GetDateTimeOffset(), before + ((after - before) / 2)) : null;
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                return null;
            }
        }

        var first = await Read();
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var second = await Read();
        var speed = Speed.ToString("0.###", CultureInfo.InvariantCulture);
        if (first is not { } a || second is not { } b)
        {
            return $"# replay: WARNING: the target's clock could not be read (GET v1/shops/{shop}/metrics); it must run at {speed}x " +
                   $"(started with --time-scale {speed}), or its deadlines fire out of step with the recording and the audit reports the refunds they end";
        }

        var scale = (b.AsOf - a.AsOf).TotalSeconds / Stopwatch.GetElapsedTime(a.At, b.At).TotalSeconds;
        var measured = scale.ToString("0.##", CultureInfo.InvariantCulture);
        return Math.Abs(scale - Speed) <= Speed * ClockTolerance
            ? $"# replay: the target's clock runs at {measured}x (asOf of its metrics over a second): matches --speed {speed}x"
            : $"# replay: WARNING: the target's clock runs at {measured}x, not {speed}x: its deadlines will fire out of step with the recorded events, " +
              $"and the audit will report the refunds they end. Start the target with --time-scale {speed} (RefundCluster:TimeScale), or replay at --speed {measured}x";
    }

    public async Task Run(long n, Iteration context)
    {
        var order = Orders[(int)n];
        var recorded = _recording.Orders[(int)n];
        Interlocked.CompareExchange(ref _startTimestamp, context.IntendedTimestamp - Ticks((recorded.FirstEventAt - _recording.First) / Speed), 0);
        var trace = Replays.Start(n, recorded.Events);
        var k = 0;
        foreach (var line in order)
        {
            if (line.Event is not { } e)
            {
                continue;
            }

            var due = context.IntendedTimestamp + Ticks((line.At - recorded.FirstEventAt) / Speed);
            await context.Until(due);
            var response = await context.PostJsonDue(Kinds[e.GetType()], JsonSerializer.Serialize(e, WireJson.Shared), due);
            trace.Answered(k++, response);
        }
    }

    private static long Ticks(TimeSpan offset) => (long)(offset.TotalSeconds * Stopwatch.Frequency);
}

/// <summary>What became of a replayed event, as its answer says.</summary>
public enum ReplayAnswer
{
    NotSent,
    Applied,
    /// <summary>The cluster looked at it and refused it (a 4xx with a code: the replayed state did not take it).</summary>
    Refused,
    /// <summary>Shed before it was looked at (429, 503 <c>cluster.overloaded</c>): not applied, and no sign of the replay's state.</summary>
    Shed,
    /// <summary>No answer that says (a timeout, a lost connection, a 5xx other than 503): it may or may not have been applied.</summary>
    Unknown,
}

/// <summary>One replayed order: each event's answer, written by its own iteration only.</summary>
public sealed class ReplayTrace(long order, int events)
{
    private readonly ReplayAnswer[] _answers = new ReplayAnswer[events];
    private readonly string?[] _codes = new string?[events];

    public long Order { get; } = order;

    /// <summary>By the order's events, in the recorded order.</summary>
    public IReadOnlyList<ReplayAnswer> Answers => _answers;

    /// <summary>What the cluster said of each event it did not apply (its problem code or status).</summary>
    public IReadOnlyList<string?> Codes => _codes;

    public void Answered(int index, TargetResponse response)
    {
        _answers[index] = Of(response);
        _codes[index] = _answers[index] == ReplayAnswer.Applied ? null : CodeOf(response);
    }

    public static ReplayAnswer Of(TargetResponse response) => response.Status switch
    {
        >= 200 and < 300 => ReplayAnswer.Applied,
        429 or 503 => ReplayAnswer.Shed,
        >= 400 and < 500 => ReplayAnswer.Refused,
        _ => ReplayAnswer.Unknown,
    };

    /// <summary>A batch item's answer carries its code as its body; a single event's, a problem document.</summary>
    private static string CodeOf(TargetResponse response)
    {
        if (response.Body is { } body && body.TrimStart().StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String)
                {
                    return code.GetString()!;
                }
            }
            catch (JsonException)
            {
                // Not a problem document: the status says it.
            }
        }

        return response.Body is { Length: > 0 and <= 64 } text && !text.Contains(' ', StringComparison.Ordinal) ? text : $"HTTP {response.StatusKey}";
    }
}

/// <summary>Every order the replay started.</summary>
public sealed class ReplayTraces
{
    private readonly ConcurrentDictionary<long, ReplayTrace> _traces = new();

    public IReadOnlyDictionary<long, ReplayTrace> Traces => _traces;

    public ReplayTrace Start(long order, int events) => _traces[order] = new ReplayTrace(order, events);
}
