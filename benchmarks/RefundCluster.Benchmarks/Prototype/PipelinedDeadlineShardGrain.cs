using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using RefundCluster.Grains.Deadlines;
using RefundCluster.Grains.Storage;

namespace RefundCluster.Benchmarks.Prototype;

/// <summary>Same contract as <see cref="IDeadlineShardGrain"/>; a separate interface so both shard kinds can coexist.</summary>
public interface IPipelinedDeadlineShardGrain : IGrainWithStringKey
{
    Task Schedule(IReadOnlyList<DeadlineEntry> entries);

    Task Cancel(IReadOnlyList<DeadlineEntry> entries);

    Task<int> PendingCount();
}

/// <summary>
/// A PROTOTYPE of changes suggested for <see cref="DeadlineShardGrain"/> (src/RefundCluster.Grains/Deadlines), kept
/// here only to measure them. Registration, activation, reminder and retry are unchanged. <c>--shard timerfix</c>
/// (<see cref="PrototypeOptions.Pipelined"/> false) keeps the original's firing loop and changes only item 3 (and
/// TakeDue allocates nothing when nothing is due); <c>--shard pipelined</c> changes all of:
/// <list type="number">
/// <item>A sliding window instead of batch barriers: up to FireConcurrency wake-ups are in flight, and each one that
/// completes frees a slot for the next due entry at once (the original takes 256 due entries, waits for all of them,
/// then takes the next 256, so one slow target holds back the whole shard).</item>
/// <item>The firing does not wait for the durable removal of acknowledged entries: the removal goes to the group-commit
/// writer and is awaited by nobody on the firing path (its failure is logged; the entry then fires again after a
/// reactivation, a repeat the targets already tolerate). Removals that pile up while a write runs share the next
/// write, so group commit batches them instead of one DELETE per wake-up.</item>
/// <item>The timer's delay is rounded UP to whole milliseconds. System.Threading.Timer truncates a due time to whole
/// milliseconds, so the original's delay of, say, 0.6 ms becomes 0 ms: the timer fires before the entry is due, Fire
/// finds nothing, re-arms, and the shard spins (each round a new grain timer and a 256-slot list) until it is due.</item>
/// <item>Optionally (<see cref="PrototypeOptions.RemovalLinger"/>), removals wait a little before they are written, so
/// that a shard firing a few hundred entries a second writes one DELETE per linger period instead of one per entry.</item>
/// </list>
/// Entries being woken leave <c>_pending</c> for <c>_inFlight</c>, so <see cref="Arm"/> and the window never take them twice.
/// </summary>
[Reentrant]
public sealed class PipelinedDeadlineShardGrain(
    IDeadlineStore store,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider time,
    IOptions<DeadlineOptions> options,
    PrototypeOptions prototype,
    ILogger<PipelinedDeadlineShardGrain> log) : Grain, IPipelinedDeadlineShardGrain, IRemindable
{
    private const string ReminderName = "deadline-shard";

    private readonly SortedSet<DeadlineEntry> _pending = new(DeadlineEntry.ByDue);
    private readonly HashSet<DeadlineEntry> _inFlight = [];
    private readonly HashSet<DeadlineEntry> _lingering = [];
    private BatchWriter<DeadlineChange> _writer = null!;
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
        _writer = new BatchWriter<DeadlineChange>(changes => store.Apply(Shard, changes));
        foreach (var entry in await store.Load(Shard))
        {
            _pending.Add(entry);
        }

        _reminderRegistered = _pending.Count > 0;
        Arm();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushRemovals();

    public async Task Schedule(IReadOnlyList<DeadlineEntry> entries)
    {
        var writes = new List<Task>(entries.Count);
        foreach (var entry in entries)
        {
            // A lingering removal of the same entry is dropped: its row still exists, and the add below keeps it.
            _lingering.Remove(entry);
            if (!_inFlight.Contains(entry) && _pending.Add(entry))
            {
                writes.Add(_writer.Write(new DeadlineChange(entry, Added: true)));
            }
        }

        await Task.WhenAll(writes);
        await EnsureReminder();
        Arm();
    }

    public async Task Cancel(IReadOnlyList<DeadlineEntry> entries)
    {
        var writes = new List<Task>(entries.Count);
        foreach (var entry in entries)
        {
            if (_pending.Remove(entry) | _inFlight.Remove(entry) | _lingering.Remove(entry))
            {
                writes.Add(_writer.Write(new DeadlineChange(entry, Added: false)));
            }
        }

        await Task.WhenAll(writes);
    }

    public Task<int> PendingCount() => Task.FromResult(_pending.Count + _inFlight.Count);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (_pending.Count == 0 && _inFlight.Count == 0 && time.GetUtcNow() >= DeadlineShardKey.BucketStart(Shard) + Options.BucketWidth)
        {
            if (await this.GetReminder(ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminderRegistered = false;
            DeactivateOnIdle();
        }
        else
        {
            Arm();
        }
    }

    private async Task EnsureReminder()
    {
        if (_reminderRegistered)
        {
            return;
        }

        var wake = DeadlineShardKey.BucketStart(Shard) - Options.ReminderLead - time.GetUtcNow();
        var realDue = wake > TimeSpan.Zero ? wake / Options.TimeScale : TimeSpan.Zero;
        await this.RegisterOrUpdateReminder(ReminderName, realDue, Options.ReminderPeriod);
        _reminderRegistered = true;
    }

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
        delay = delay > TimeSpan.Zero ? TimeSpan.FromMilliseconds(Math.Ceiling(delay.TotalMilliseconds)) : TimeSpan.Zero;
        _timerDue = next;
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
            if (!prototype.Pipelined)
            {
                await FireInBatches();
                return;
            }

            while (true)
            {
                var now = time.GetUtcNow();
                while (_inFlight.Count < Options.FireConcurrency && _pending.Min is { } next && next.Due <= now)
                {
                    _pending.Remove(next);
                    _inFlight.Add(next);
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

    /// <summary>The original's loop (<c>--shard timerfix</c>): batches of due entries, each awaited with its removals.</summary>
    private async Task FireInBatches()
    {
        while (TakeDue(time.GetUtcNow()) is { } due)
        {
            await Task.WhenAll(due.Select(WakeUpAwaitingRemoval));
        }
    }

    /// <summary>The original's TakeDue, without the 256-slot list and the enumerator when nothing is due.</summary>
    private List<DeadlineEntry>? TakeDue(DateTimeOffset now)
    {
        if (_pending.Count == 0 || _pending.Min!.Due > now)
        {
            return null;
        }

        var due = new List<DeadlineEntry>(Math.Min(_pending.Count, Options.FireConcurrency));
        foreach (var entry in _pending)
        {
            if (entry.Due > now || due.Count == Options.FireConcurrency)
            {
                break;
            }

            due.Add(entry);
        }

        return due;
    }

    /// <summary>The original's WakeUp: the entry stays pending until acknowledged, then its removal is awaited.</summary>
    private async Task WakeUpAwaitingRemoval(DeadlineEntry entry)
    {
        try
        {
            await GrainFactory.GetGrain<IDeadlineTarget>(GrainId.Parse(entry.Target)).WakeUp(entry.Due);
            if (_pending.Remove(entry))
            {
                await _writer.Write(new DeadlineChange(entry, Added: false));
            }
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Wake-up of {Target} due {Due} failed; retrying in {Delay}", entry.Target, entry.Due, Options.RetryDelay);
            var retry = entry with { Due = time.GetUtcNow() + Options.RetryDelay };
            if (_pending.Remove(entry) && _pending.Add(retry))
            {
                await Task.WhenAll(
                    _writer.Write(new DeadlineChange(retry, Added: true)),
                    _writer.Write(new DeadlineChange(entry, Added: false)));
            }
        }
    }

    private async Task WakeUp(DeadlineEntry entry)
    {
        try
        {
            await GrainFactory.GetGrain<IDeadlineTarget>(GrainId.Parse(entry.Target)).WakeUp(entry.Due);
            if (_inFlight.Remove(entry))
            {
                Remove(entry);
            }
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Wake-up of {Target} due {Due} failed; retrying in {Delay}", entry.Target, entry.Due, Options.RetryDelay);
            var retry = entry with { Due = time.GetUtcNow() + Options.RetryDelay };
            if (_inFlight.Remove(entry) && _pending.Add(retry))
            {
                // The retry must be durable before the original entry is dropped, as in the original shard.
                Forget(_writer.Write(new DeadlineChange(retry, Added: true)), retry);
                Forget(_writer.Write(new DeadlineChange(entry, Added: false)), entry);
            }

            Arm();
        }
        finally
        {
            _slotFreed?.TrySetResult();
        }
    }

    private void Remove(DeadlineEntry entry)
    {
        if (prototype.RemovalLinger <= TimeSpan.Zero)
        {
            Forget(_writer.Write(new DeadlineChange(entry, Added: false)), entry);
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
        await Task.Delay(prototype.RemovalLinger);
        await FlushRemovals();
    }

    private Task FlushRemovals()
    {
        _flushScheduled = false;
        var writes = _lingering.Select(entry => _writer.Write(new DeadlineChange(entry, Added: false))).ToList();
        _lingering.Clear();
        var all = Task.WhenAll(writes);
        Forget(all, null);
        return all;
    }

    private void Forget(Task write, DeadlineEntry? entry) => write.ContinueWith(
        t => log.LogWarning(t.Exception, "Index write for {Target} due {Due} failed; the entry may fire again after reactivation", entry?.Target ?? "(several)", entry?.Due),
        CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
