using System.Diagnostics;
using RefundCluster.Performance.Measuring;

namespace RefundCluster.Benchmarks.Deadlines;

/// <summary>
/// Process-wide record of wake-ups. Deadline <c>i</c> (0 ≤ i &lt; pending) targets probe <c>i % targets</c> and is due
/// at <c>t0 + i × step</c> (step a whole number of microseconds), so a fire maps back to exactly one deadline.
/// </summary>
public sealed class FireRecorder
{
    private readonly int[] _fired;
    private readonly int[] _perSecond;
    private readonly DateTimeOffset _t0;
    private readonly long _stepTicks;
    private readonly int _targets;
    private long _fires;
    private long _duplicates;
    private long _unexpected;
    private long _early;
    private long _firstFire = long.MaxValue;
    private long _lastFire = long.MinValue;
    private long _lastFireUtcTicks = long.MinValue;

    public FireRecorder(int pending, int targets, DateTimeOffset t0, long stepTicks, TimeSpan horizon)
    {
        _fired = new int[pending];
        _targets = targets;
        _t0 = t0;
        _stepTicks = stepTicks;
        _perSecond = new int[(int)Math.Ceiling(horizon.TotalSeconds) + 2];
    }

    /// <summary>The recorder that probe grains report to.</summary>
    public static FireRecorder? Current { get; set; }

    /// <summary>Lateness (wake-up time − due time) in microseconds; early wake-ups count as 0 and in <see cref="Early"/>.</summary>
    public LatencyHistogram Lateness { get; } = new();

    public int Pending => _fired.Length;

    public long Fires => Interlocked.Read(ref _fires);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Wake-ups whose (target, due) is not one of the registered deadlines (e.g. a failed wake-up's retry).</summary>
    public long Unexpected => Interlocked.Read(ref _unexpected);

    public long Early => Interlocked.Read(ref _early);

    /// <summary>Distinct deadlines fired at least once.</summary>
    public long Distinct => Fires - Duplicates - Unexpected;

    /// <summary><see cref="Stopwatch"/> timestamps of the first and the last wake-up (or null before any).</summary>
    public (long First, long Last)? Span => Fires == 0 ? null : (Interlocked.Read(ref _firstFire), Interlocked.Read(ref _lastFire));

    /// <summary>When the last wake-up happened (wall clock), or null before any.</summary>
    public DateTimeOffset? LastFireAt => Fires == 0 ? null : new DateTimeOffset(Interlocked.Read(ref _lastFireUtcTicks), TimeSpan.Zero);

    public DateTimeOffset DueOf(int i) => _t0 + TimeSpan.FromTicks(i * _stepTicks);

    public int TargetOf(int i) => i % _targets;

    public void Record(int target, DateTimeOffset due, DateTimeOffset now)
    {
        var stamp = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _fires);
        AtomicExtreme.Lower(ref _firstFire, stamp);
        AtomicExtreme.Raise(ref _lastFire, stamp);
        AtomicExtreme.Raise(ref _lastFireUtcTicks, now.UtcTicks);

        var second = (long)Math.Floor((now - _t0).TotalSeconds);
        if (second >= 0 && second < _perSecond.Length)
        {
            Interlocked.Increment(ref _perSecond[second]);
        }

        var offset = (due - _t0).Ticks;
        var i = offset >= 0 && offset % _stepTicks == 0 ? offset / _stepTicks : -1;
        if (i < 0 || i >= _fired.Length || TargetOf((int)i) != target)
        {
            Interlocked.Increment(ref _unexpected);
            return;
        }

        if (Interlocked.Increment(ref _fired[i]) > 1)
        {
            Interlocked.Increment(ref _duplicates);
        }

        var late = now - due;
        if (late < TimeSpan.Zero)
        {
            Interlocked.Increment(ref _early);
            late = TimeSpan.Zero;
        }

        Lateness.RecordMs(late.TotalMilliseconds);
    }

    /// <summary>Registered deadlines that never fired.</summary>
    public long Missing()
    {
        long missing = 0;
        for (var i = 0; i < _fired.Length; i++)
        {
            if (Volatile.Read(ref _fired[i]) == 0)
            {
                missing++;
            }
        }

        return missing;
    }

    /// <summary>The first few deadlines that never fired, for the report.</summary>
    public IEnumerable<int> MissingSample(int max) => Enumerable.Range(0, _fired.Length).Where(i => Volatile.Read(ref _fired[i]) == 0).Take(max);

    /// <summary>Wake-ups per second of wall clock since t0.</summary>
    public int[] PerSecond()
    {
        var copy = new int[_perSecond.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Volatile.Read(ref _perSecond[i]);
        }

        return copy;
    }
}
