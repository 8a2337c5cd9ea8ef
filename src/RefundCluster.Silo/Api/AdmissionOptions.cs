namespace RefundCluster.Silo.Api;

/// <summary>
/// Admission control of the event endpoints (section <c>Admission</c>), counted in events, not requests. Each event in
/// progress holds one permit from the moment it is admitted until its grain call has ended; past
/// <see cref="MaxEventsInFlight"/> (after at most <see cref="MaxWait"/>) an event is shed: 503
/// <c>cluster.overloaded</c> with <c>Retry-After</c>, or, inside a batch that got some permits, an item
/// <c>rejected</c> with that code. A shed event changed nothing: resending it (same eventId) is always safe.
/// </summary>
public sealed class AdmissionOptions
{
    public const string Section = "Admission";

    /// <summary>
    /// Events this silo's HTTP API has admitted and not yet seen answered by their grains. A single event takes one
    /// permit, a batch one per event, so it must be at least the largest batch (1,000) for a full batch to go through an
    /// idle silo. With the silo at its throughput X, an admitted event waits about <c>MaxEventsInFlight / X</c>: 1,000 is
    /// about 0.7 s at 1,500 events/s (a 2-core silo on PostgreSQL, the lifecycle workload). Measured there at 3×
    /// overload: 2,000 permits queued 1.3 s per event (batch p99 8.4 s, goodput 1,474 events/s); 400 gave batch p99
    /// 0.87 s and goodput 2,503 events/s.
    /// </summary>
    public int MaxEventsInFlight { get; set; } = 1000;

    /// <summary>How long an event (or a batch, for its missing permits) may wait for a permit before it is shed. Zero sheds at once.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>What a shed request or item is told to wait before trying again (the <c>Retry-After</c> header, the item's <c>retryAfter</c>).</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>
    /// How long the HTTP API waits for a request's admitted events to be answered (one window per request, from its
    /// admission; an order's events in a batch go one after the other within it). Past it an unanswered event is answered 503
    /// <c>cluster.unavailable</c> (it may or may not be applied: resend it with the same eventId); its permit stays taken
    /// until the grain call really ends (at the latest Orleans' response timeout, 30 s), so a stalled silo sheds instead
    /// of piling up more calls. Zero or less: no limit of its own.
    /// </summary>
    public TimeSpan EventTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long reading and parsing a request body may take in all (a slow upload holds no permit, but it holds a
    /// connection and a buffer): past it, 408 <c>request.body_timeout</c>. A body still arriving is cut off at a random
    /// point between half of this and all of it (<see cref="JsonBody.Staggered"/>), so that slow uploads started
    /// together are not cut off together. Kestrel also drops a body slower than 240 bytes/s after a 5 s grace period.
    /// </summary>
    public TimeSpan BodyReadTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Fault injection for tests and drills: every admitted event waits this long, holding its permit, before its grain
    /// call (a slow grain path). Zero (the default) in production.
    /// </summary>
    public TimeSpan DispatchDelay { get; set; } = TimeSpan.Zero;
}
