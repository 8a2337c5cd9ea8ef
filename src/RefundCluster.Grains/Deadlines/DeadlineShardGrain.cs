using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using RefundCluster.Contracts;
using RefundCluster.Grains.Storage;
using RefundCluster.Grains.Telemetry;

namespace RefundCluster.Grains.Deadlines;

/// <summary>
/// Holds one time bucket's shard of pending deadlines and wakes each target when it is due. Entries are durable in
/// <see cref="IDeadlineStore"/> before <see cref="Schedule"/> returns; one reminder per shard re-activates it after
/// deactivation or silo loss, and activation fires everything overdue at once, so no deadline is skipped.
/// Firing keeps a sliding window of up to <see cref="DeadlineOptions.FireConcurrency"/> wake-ups in flight (one slow
/// target holds back nobody). An entry is removed from the index only after its target took the wake-up; the removal
/// is written in the background, batched (group commit, after <see cref="DeadlineOptions.RemovalLinger"/>). A crash
/// before it lands repeats the wake-up, which targets treat as harmless: they re-check their own deadlines.
/// Reentrant so that registrations keep arriving (and share writes) while wake-ups are in flight.
/// </summary>
[Reentrant]
public sealed class DeadlineShardGrain(
    IDeadlineStore store,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider time,
    IOptions<DeadlineOptions> options,
    ILogger<DeadlineShardGrain> log) : Grain, IDeadlineShardGrain, IRemindable
{
    private const string ReminderName = "deadline-shard";

    private readonly SortedSet<DeadlineEntry> _pending = new(DeadlineEntry.ByDue);
    private readonly HashSet<DeadlineEntry> _inFlight = [];
    private readonly SemaphoreSlim _reminderGate = new(1, 1);
    private readonly HashSet<DeadlineEntry> _lingering = [];
    private readonly HashSet<DeadlineEntry> _rearmed = [];
    private GroupCommitWriter<DeadlineChange> _writer = null!;
    private IGrainTimer? _timer;
    private DateTimeOffset? _timerDue;
    private TaskCompletionSource? _slotFreed;
    private bool _firing;
    private bool _reminderRegistered;
    private bool _flushScheduled;

    private DeadlineOptions Options => options.Value;

    private string Shard => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writer = new GroupCommitWriter<DeadlineChange>(changes => store.Apply(Shard, changes), new() { MaxBatch = 1000 });
        foreach (var entry in await store.Load(Shard))
        {
            _pending.Add(entry);
        }

        // Re-register on every activation that holds entries: an upsert, and it repairs a reminder lost to a crash
        // between a registration and the first write.
        if (_pending.Count > 0)
        {
            await EnsureReminder();
        }

        Arm();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushRemovals();

    public async Task Schedule(IReadOnlyList<DeadlineEntry> entries)
    {
        // The reminder first: entries stored without one would wait for someone else to activate this shard.
        await EnsureReminder();
        var writes = new List<Task>(entries.Count);
        foreach (var entry in entries)
        {
            // A lingering removal of the same entry is dropped: its row still exists, and the add below keeps it.
            _lingering.Remove(entry);
            if (_inFlight.Contains(entry))
            {
                _rearmed.Add(entry); // scheduled again while its wake-up is in flight: keep it afterwards
            }
            else
            {
                _pending.Add(entry);
            }

            // Always written (an upsert): a caller retrying after a failed write must not be told "stored" from memory.
            writes.Add(Store(entry, added: true));
        }

        await Task.WhenAll(writes);
        Arm();
    }

    public async Task Cancel(IReadOnlyList<DeadlineEntry> entries)
    {
        var writes = new List<Task>(entries.Count);
        foreach (var entry in entries)
        {
            _rearmed.Remove(entry);
            if (_pending.Remove(entry) | _inFlight.Remove(entry) | _lingering.Remove(entry))
            {
                writes.Add(Store(entry, added: false));
            }
        }

        await Task.WhenAll(writes);
    }

    /// <summary>Whether the store keeps this entry itself (not where it reads it back from its target's own state).</summary>
    private bool KeptByStore(DeadlineEntry entry) => !entry.HeldByTarget || store.KeepsHeldEntries;

    /// <summary>Queues the change for the store (group commit); nothing to write for an entry the store does not keep.</summary>
    private Task Store(DeadlineEntry entry, bool added) =>
        KeptByStore(entry) ? _writer.Write(new DeadlineChange(entry, added)) : Task.CompletedTask;

    public async Task Poke()
    {
        // The sweeper pokes a shard whose store holds overdue entries: whatever this activation has not heard of
        // (an entity row whose wake-up never reached it, its silo having died between the write and the call) is
        // taken from the store now. An entry it already handled comes back only as a harmless extra wake-up.
        foreach (var entry in await store.Load(Shard))
        {
            if (!_inFlight.Contains(entry) && !_lingering.Contains(entry))
            {
                _pending.Add(entry);
            }
        }

        if (_pending.Count > 0)
        {
            await EnsureReminder();
        }

        Arm();
    }

    public Task<int> PendingCount() => Task.FromResult(_pending.Count + _inFlight.Count);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Drained)
        {
            // Reminder calls are serialised, and the shard is re-checked after each await: this grain is reentrant,
            // and a Schedule that arrived meanwhile must not be left without a reminder.
            await _reminderGate.WaitAsync();
            try
            {
                if (Drained && await this.GetReminder(ReminderName) is { } reminder && Drained)
                {
                    await this.UnregisterReminder(reminder);
                    _reminderRegistered = false;
                }
            }
            finally
            {
                _reminderGate.Release();
            }

            if (Drained)
            {
                DeactivateOnIdle();
                return;
            }

            await EnsureReminder();
        }

        Arm();
    }

    private bool Drained =>
        _pending.Count == 0 && _inFlight.Count == 0 && time.GetUtcNow() >= DeadlineShardKey.BucketStart(Shard) + Options.BucketWidth;

    private async Task EnsureReminder()
    {
        if (_reminderRegistered)
        {
            return;
        }

        await _reminderGate.WaitAsync();
        try
        {
            if (!_reminderRegistered)
            {
                var wake = DeadlineShardKey.BucketStart(Shard) - Options.ReminderLead - time.GetUtcNow();
                var realDue = wake > TimeSpan.Zero ? wake / Options.TimeScale : TimeSpan.Zero;
                await this.RegisterOrUpdateReminder(ReminderName, realDue, Options.ReminderPeriod);
                _reminderRegistered = true;
            }
        }
        finally
        {
            _reminderGate.Release();
        }
    }

    /// <summary>Points the timer at the earliest entry (never more than one timer; a tick re-arms).</summary>
    private void Arm()
    {
        if (_firing || _pending.Count == 0)
        {
            return;
        }

        var next = _pending.Min!.Due;
        if (_timer is not null && _timerDue <= next)
        {
            return;
        }

        _timer?.Dispose();
        var delay = next - time.GetUtcNow();
        // Timers truncate to whole milliseconds: rounding down would fire early, find nothing due and spin.
        delay = delay > TimeSpan.Zero ? TimeSpan.FromMilliseconds(Math.Ceiling(delay.TotalMilliseconds)) : TimeSpan.Zero;
        _timerDue = next;
        // KeepAlive while a deadline is close; a far one relies on the reminder, so an idle shard can be collected.
        var keepAlive = delay < Options.BucketWidth + Options.ReminderLead;
        _timer = this.RegisterGrainTimer(Fire, new GrainTimerCreationOptions(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan)
        {
            Interleave = true, KeepAlive = keepAlive,
        });
    }

    /// <summary>Keeps the window full while entries are due; returns once nothing more is due (in-flight ones finish on their own).</summary>
    private async Task Fire(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        _firing = true;
        try
        {
            while (true)
            {
                var now = time.GetUtcNow();
                while (_inFlight.Count < Options.FireConcurrency && _pending.Min is { } next && next.Due <= now)
                {
                    _pending.Remove(next);
                    _inFlight.Add(next);
                    RefundClusterMeter.DeadlineLateness.Record((now - next.Due).TotalMilliseconds / Options.TimeScale);
                    _ = WakeUp(next);
                }

                if (_inFlight.Count < Options.FireConcurrency)
                {
                    return; // nothing more due now: Arm (in finally) points the timer at the next entry
                }

                _slotFreed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await _slotFreed.Task;
            }
        }
        finally
        {
            _firing = false;
            Arm();
        }
    }

    private async Task WakeUp(DeadlineEntry entry)
    {
        try
        {
            var handled = await GrainFactory.Reference<IDeadlineTarget>(GrainId.Parse(entry.Target)).WakeUp(entry.Due);
            if (!handled)
            {
                Reschedule(entry, Options.NotYetDueRetry);
            }
            else if (_inFlight.Remove(entry))
            {
                if (_rearmed.Remove(entry))
                {
                    _pending.Add(entry);
                    Arm();
                }
                else
                {
                    Remove(entry);
                }
            }
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Wake-up of {Target} due {Due} failed; retrying in {Delay}", entry.Target, entry.Due, Options.RetryDelay);
            Reschedule(entry, Options.RetryDelay);
        }
        finally
        {
            _slotFreed?.TrySetResult();
        }
    }

    /// <summary>Moves an in-flight entry to a later due time; the new row is written in the same batch as the old one's removal.</summary>
    private void Reschedule(DeadlineEntry entry, TimeSpan delay)
    {
        _rearmed.Remove(entry);
        var retry = entry with { Due = DeadlineEntry.Normalize(time.GetUtcNow() + delay) };
        if (_inFlight.Remove(entry) && _pending.Add(retry))
        {
            Forget(Store(retry, added: true), retry);
            Forget(Store(entry, added: false), entry);
        }

        Arm();
    }

    private void Remove(DeadlineEntry entry)
    {
        if (!KeptByStore(entry))
        {
            return; // the target's own write moved or dropped it
        }

        if (Options.RemovalLinger <= TimeSpan.Zero)
        {
            Forget(Store(entry, added: false), entry);
            return;
        }

        _lingering.Add(entry);
        if (!_flushScheduled)
        {
            _flushScheduled = true;
            _ = FlushLater();
        }
    }

    private async Task FlushLater()
    {
        await Task.Delay(Options.RemovalLinger);
        await FlushRemovals();
    }

    private Task FlushRemovals()
    {
        _flushScheduled = false;
        var writes = _lingering.Select(entry => Store(entry, added: false)).ToList();
        _lingering.Clear();
        var all = Task.WhenAll(writes);
        Forget(all, null);
        return all;
    }

    private void Forget(Task write, DeadlineEntry? entry) => write.ContinueWith(
        t => log.LogWarning(t.Exception, "Index write for {Target} due {Due} failed; the entry may fire again after reactivation", entry?.Target ?? "(several)", entry?.Due),
        CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
