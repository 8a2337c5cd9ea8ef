using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

namespace RefundCluster.Silo.Health;

/// <summary>
/// Which silos this silo's membership probes currently fail to reach, from Orleans' own probe outcomes (its meters
/// <c>orleans-messaging-pings-reply-received</c> and <c>-missed</c>, per destination silo). A silo counts as unreachable
/// once it missed as many probes in a row as make Orleans suspect it (<c>NumMissedProbesLimit</c>), until a probe is
/// answered again or the silo leaves the active membership. Silos this one does not probe (beyond
/// <c>NumProbedSilos</c>) count as reachable.
/// <para>
/// Readiness uses it (<see cref="Assess"/>): a silo that reaches no more than half of the active silos, itself
/// included, is on the losing side of a failure. Orleans cannot declare the others dead by its votes alone (it needs
/// <c>min(NumVotesForDeathDeclaration, half the active silos)</c>) before their heartbeats go stale, and until then most
/// grain calls — to activations, directory partitions and deadline shards on the unreachable silos — fail. Measured: 2 of
/// 3 silos killed, the survivor answered 503 to 238 of 238 events while its old readiness (membership status only) said 200.
/// </para>
/// </summary>
public sealed class ClusterReachability(IMeterFactory meterFactory, IOptions<ClusterMembershipOptions> membership) : IHostedService, IDisposable
{
    private const string OrleansMeter = "Microsoft.Orleans";
    private const string ReplyReceived = "orleans-messaging-pings-reply-received";
    private const string ReplyMissed = "orleans-messaging-pings-reply-missed";
    private const string DestinationTag = "Destination";

    /// <summary>Probes missed in a row, by the probed silo's address (as Orleans tags it).</summary>
    private readonly ConcurrentDictionary<string, int> _missedInARow = new(StringComparer.Ordinal);
    private MeterListener? _listener;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                // This host's Orleans meter only (tests run several hosts in one process).
                if (instrument.Meter.Name == OrleansMeter && (instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, meterFactory))
                    && instrument.Name is ReplyReceived or ReplyMissed)
                {
                    listener.EnableMeasurementEvents(instrument, instrument.Name == ReplyMissed);
                }
            },
        };
        _listener.SetMeasurementEventCallback<int>(OnProbeOutcome);
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Records one probe outcome (what the meter listener hands over; public for tests).</summary>
    public void Record(string destination, bool missed)
    {
        if (missed)
        {
            _missedInARow.AddOrUpdate(destination, 1, (_, n) => n + 1);
        }
        else
        {
            _missedInARow[destination] = 0;
        }
    }

    /// <summary>Whether this silo's probes of <paramref name="silo"/> failed often enough in a row for Orleans to suspect it.</summary>
    public bool IsUnreachable(SiloAddress silo) =>
        _missedInARow.TryGetValue(silo.ToString(), out var missed) && missed >= Math.Max(1, membership.Value.NumMissedProbesLimit);

    /// <summary>
    /// Whether this silo, with the active silos it reaches, is a strict majority of the active silos (a silo alone in
    /// its cluster is), and a description for the readiness answer: how many it reaches, and which it does not.
    /// </summary>
    public (bool Majority, string Description) Assess(ClusterMembershipSnapshot snapshot, SiloAddress self)
    {
        var active = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToList();
        Forget(snapshot);
        var unreachable = active.Where(a => !a.Equals(self) && IsUnreachable(a)).ToList();
        var reached = active.Count - unreachable.Count;
        return unreachable.Count == 0
            ? (true, $"reaches {reached} of {active.Count} active silos")
            : (2 * reached > active.Count,
                $"reaches {reached} of {active.Count} active silos; not answering probes: {string.Join(", ", unreachable)} (until they are declared dead)");
    }

    /// <summary>Drops the counts of silos that left the membership (restarts make new addresses).</summary>
    private void Forget(ClusterMembershipSnapshot snapshot)
    {
        if (_missedInARow.Count <= snapshot.Members.Count)
        {
            return;
        }

        var known = snapshot.Members.Keys.Select(k => k.ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var destination in _missedInARow.Keys.Where(d => !known.Contains(d)))
        {
            _missedInARow.TryRemove(destination, out _);
        }
    }

    private void OnProbeOutcome(Instrument instrument, int value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? missed)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == DestinationTag && tag.Value?.ToString() is { } destination)
            {
                Record(destination, missed is true);
                return;
            }
        }
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _listener = null;
    }
}
