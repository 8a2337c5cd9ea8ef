namespace RefundCluster.Hosting;

/// <summary>
/// A clock that runs <see cref="Scale"/> times faster than real time from the moment it is created, for demos in
/// which 48-hour deadlines should pass in 48 seconds. Timers shrink by the same factor, so grain timers stay in step.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly DateTimeOffset _epoch;
    private readonly TimeSpan _sinceEpochAtStart;
    private readonly long _startTimestamp;

    /// <param name="epoch">
    /// The real instant at which the scaled clock equals real time; by default the moment of creation. Silos of one
    /// cluster share it, so that they agree on the time whenever each of them started.
    /// </param>
    public ScaledTimeProvider(double scale, TimeProvider? inner = null, DateTimeOffset? epoch = null)
    {
        if (!(scale >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The time scale must be at least 1.");
        }

        Scale = scale;
        _inner = inner ?? System;
        var realNow = _inner.GetUtcNow();
        _epoch = epoch ?? realNow;
        _sinceEpochAtStart = realNow - _epoch;
        _startTimestamp = _inner.GetTimestamp();
    }

    public double Scale { get; }

    public override DateTimeOffset GetUtcNow() => _epoch + (_sinceEpochAtStart + _inner.GetElapsedTime(_startTimestamp)) * Scale;

    public override long GetTimestamp() => _startTimestamp + (long)((_inner.GetTimestamp() - _startTimestamp) * Scale);

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(_inner.CreateTimer(callback, state, Shrink(dueTime), Shrink(period)), this);

    /// <summary>
    /// The shortest real delay a non-zero timer gets. Orleans' own grain timers tick every second of the grains' clock;
    /// shrunk 3600 times they would re-arm every 0.3 ms and spin a silo at full CPU. 10 ms keeps them quiet and costs
    /// the demo's deadlines at most 10 ms × scale of platform time (36 s at 3600x, against 48-hour timers).
    /// </summary>
    public static readonly TimeSpan ShortestRealDelay = TimeSpan.FromMilliseconds(10);

    private TimeSpan Shrink(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : TimeSpan.FromTicks(Math.Max((long)(span.Ticks / Scale), Math.Min(span.Ticks, ShortestRealDelay.Ticks)));

    private sealed class ScaledTimer(ITimer inner, ScaledTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Shrink(dueTime), clock.Shrink(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
