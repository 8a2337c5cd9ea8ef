using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using RefundCluster.Grains.Storage;

namespace RefundCluster.Grains.Deadlines;

/// <summary>
/// Holds one time bucket's shard of pending deadlines and wakes each target when it is due. Entries are durable in
/// <see cref="IDeadlineStore"/> before <see cref="Schedule"/> returns; one reminder per shard re-activates it after
/// deactivation or silo loss, and activation fires everything overdue at once, so no deadline is skipped. A target
/// is removed from the index only after it took its wake-up; a crash in between repeats the wake-up, which targets
/// treat as harmless.
/// Reentrant so that registrations keep arriving (and share writes) while a batch of wake-ups is in flight.
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
    private BatchWriter<DeadlineChange> _writer = null!;
    private IGrainTimer? _timer;
    private DateTimeOffset? _timerDue;
    private bool _firing;
    private bool _reminderRegistered;

    private DeadlineOptions Options => options.Value;

    private string Shard => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writer = new BatchWriter<DeadlineChange>(changes => store.Apply(Shard, changes));
        foreach (var entry in await store.Load(Shard))
        {
            _pending.Add(entry);
        }

        _reminderRegistered = _pending.Count > 0; // it was registered with the first entry
        Arm();
    }

    public async Task Schedule(IReadOnlyList<DeadlineEntry> entries)
    {
        var writes = new List<Task>(entries.Count);
        foreach (var entry in entries)
        {
            if (_pending.Add(entry))
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
            if (_pending.Remove(entry))
            {
                writes.Add(_writer.Write(new DeadlineChange(entry, Added: false)));
            }
        }

        await Task.WhenAll(writes);
    }

    public Task<int> PendingCount() => Task.FromResult(_pending.Count);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Activation already loaded and armed; a drained shard whose bucket has passed retires its reminder.
        if (_pending.Count == 0 && time.GetUtcNow() >= DeadlineShardKey.BucketStart(Shard) + Options.BucketWidth)
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
        _timerDue = next;
        // KeepAlive while a deadline is close; a far one relies on the reminder, so an idle shard can be collected.
        var keepAlive = delay < Options.BucketWidth + Options.ReminderLead;
        _timer = this.RegisterGrainTimer(Fire, new GrainTimerCreationOptions(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan)
        {
            Interleave = true, KeepAlive = keepAlive,
        });
    }

    private async Task Fire(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        _firing = true;
        try
        {
            while (TakeDue(time.GetUtcNow()) is { Count: > 0 } due)
            {
                await Task.WhenAll(due.Select(WakeUp));
            }
        }
        finally
        {
            _firing = false;
            Arm();
        }
    }

    private List<DeadlineEntry> TakeDue(DateTimeOffset now)
    {
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

    private async Task WakeUp(DeadlineEntry entry)
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
}
