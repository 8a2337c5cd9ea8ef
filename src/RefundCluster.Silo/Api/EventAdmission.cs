using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using RefundCluster.Grains.Telemetry;

namespace RefundCluster.Silo.Api;

/// <summary>
/// The silo's bound on events in progress (<see cref="AdmissionOptions.MaxEventsInFlight"/>): one permit per event,
/// taken after its request was read and parsed, and given back as soon as that event's grain call has ended. Asking
/// for N permits returns between 0 and N of them at once, after at most <see cref="AdmissionOptions.MaxWait"/>; the
/// caller sheds the rest. Waiters are served in arrival order.
/// </summary>
public sealed class EventAdmission
{
    private readonly SemaphoreSlim _permits;
    private readonly Counter<long> _admitted;
    private readonly Counter<long> _shed;
    private readonly Counter<long> _timedOut;

    public EventAdmission(IOptions<AdmissionOptions> options, IMeterFactory meters)
    {
        var o = options.Value;
        Capacity = o.MaxEventsInFlight;
        MaxWait = o.MaxWait > TimeSpan.Zero ? o.MaxWait : TimeSpan.Zero;
        RetryAfterSeconds = o.RetryAfterSeconds;
        _permits = new SemaphoreSlim(Capacity, Capacity);

        // The same meter name as the grains' instruments, so that the host's OpenTelemetry registration exports both.
        var meter = meters.Create(RefundClusterMeter.Name);
        _admitted = meter.CreateCounter<long>("refundcluster.admission.admitted", "{event}",
            "Events admitted by this silo's HTTP API, by endpoint (single, batch).");
        _shed = meter.CreateCounter<long>("refundcluster.admission.shed", "{event}",
            "Events shed because the silo had no permit left (503 or a batch item cluster.overloaded; nothing applied), by endpoint.");
        _timedOut = meter.CreateCounter<long>("refundcluster.admission.timed_out", "{event}",
            "Admitted events answered cluster.unavailable because their grain did not answer within Admission:EventTimeout.");
        meter.CreateObservableUpDownCounter("refundcluster.admission.in_flight", () => InFlight, "{event}",
            "Events admitted and not yet answered by their grains (permits taken).");
        meter.CreateObservableUpDownCounter("refundcluster.admission.limit", () => Capacity, "{event}",
            "The most events this silo admits at once (Admission:MaxEventsInFlight).");
    }

    public int Capacity { get; }

    public TimeSpan MaxWait { get; }

    public int RetryAfterSeconds { get; }

    /// <summary>Permits taken now (events in progress).</summary>
    public int InFlight => Capacity - _permits.CurrentCount;

    /// <summary>
    /// Takes up to <paramref name="wanted"/> permits: those free now, then, if some are missing, whatever frees up within
    /// <see cref="MaxWait"/>. Counts the admitted and the shed events under <paramref name="endpoint"/>.
    /// </summary>
    public async ValueTask<AdmissionLease> Admit(int wanted, string endpoint, CancellationToken cancel)
    {
        var got = 0;
        while (got < wanted && _permits.Wait(0))
        {
            got++;
        }

        if (got < wanted && MaxWait > TimeSpan.Zero)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                while (got < wanted)
                {
                    var left = MaxWait - Stopwatch.GetElapsedTime(started);
                    if (left <= TimeSpan.Zero || !await _permits.WaitAsync(left, cancel))
                    {
                        break;
                    }

                    got++;
                    while (got < wanted && _permits.Wait(0))
                    {
                        got++;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The client went away while waiting: give back what was taken.
                Release(got);
                throw;
            }
        }

        var tag = new KeyValuePair<string, object?>("endpoint", endpoint);
        if (got > 0)
        {
            _admitted.Add(got, tag);
        }

        if (got < wanted)
        {
            _shed.Add(wanted - got, tag);
        }

        return new AdmissionLease(this, got);
    }

    internal void Release(int count)
    {
        if (count > 0)
        {
            _permits.Release(count);
        }
    }

    internal void CountTimedOut() => _timedOut.Add(1);

    /// <summary>Exports every admission counter at 0 for both endpoints (see <see cref="Hosting.ZeroCounters"/>).</summary>
    internal void PublishZeroes()
    {
        foreach (var endpoint in (string[])["single", "batch"])
        {
            var tag = new KeyValuePair<string, object?>("endpoint", endpoint);
            _admitted.Add(0, tag);
            _shed.Add(0, tag);
        }

        _timedOut.Add(0);
    }
}

/// <summary>
/// Permits granted to one request. Each is either handed to an event's dispatch (<see cref="Claim"/>: the dispatcher
/// gives it back when the event's grain call ends), given back at once for an event that will not be sent
/// (<see cref="ReturnOne"/>), or given back when the request ends (<see cref="Dispose"/>).
/// </summary>
public sealed class AdmissionLease : IDisposable
{
    private readonly EventAdmission _owner;
    private int _unclaimed;

    internal AdmissionLease(EventAdmission owner, int count)
    {
        _owner = owner;
        Count = count;
        _unclaimed = count;
    }

    /// <summary>Permits granted (events admitted).</summary>
    public int Count { get; }

    /// <summary>Hands one permit over to the caller, who must release it through <see cref="EventAdmission"/> exactly once.</summary>
    internal void Claim()
    {
        if (Interlocked.Decrement(ref _unclaimed) < 0)
        {
            Interlocked.Increment(ref _unclaimed);
            throw new InvalidOperationException("More events dispatched than admitted.");
        }
    }

    /// <summary>Gives back one permit of an admitted event that will not be sent after all.</summary>
    public void ReturnOne()
    {
        Claim();
        _owner.Release(1);
    }

    public void Dispose() => _owner.Release(Interlocked.Exchange(ref _unclaimed, 0));
}
