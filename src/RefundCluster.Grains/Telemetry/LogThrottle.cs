namespace RefundCluster.Grains.Telemetry;

/// <summary>
/// Keeps a warning that repeats per request (every event during a database outage, every timed-out grain call) from
/// flooding the log: the first one of a window is written, the rest of the window are only counted, and the next one
/// written says how many were left out. Thread-safe; one instance per kind of message.
/// </summary>
public sealed class LogThrottle(TimeProvider clock, TimeSpan window)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _windowEnds = DateTimeOffset.MinValue;
    private long _suppressed;

    /// <summary>The default window: one line per kind of message every 10 seconds at most.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether to write this occurrence; if so, <paramref name="suppressed"/> is how many were left out since the last
    /// one written.
    /// </summary>
    public bool ShouldWrite(out long suppressed)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (now < _windowEnds)
            {
                _suppressed++;
                suppressed = 0;
                return false;
            }

            _windowEnds = now + window;
            suppressed = _suppressed;
            _suppressed = 0;
            return true;
        }
    }
}
