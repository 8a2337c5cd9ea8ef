using Microsoft.Extensions.Options;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Policies;
using RefundCluster.Grains.Deadlines;
using RefundCluster.Grains.Idempotency;

namespace RefundCluster.Grains;

/// <summary>
/// The shell shared by order and refund grains: replay a known eventId, fire due deadlines, ask the domain to decide,
/// fold the events, persist (state, eventId and reminder in one write) and only then answer.
/// </summary>
public abstract class EntityGrain<TState, TEvent, TGrainState>(
    IPersistentState<TGrainState> store,
    TimeProvider time,
    IOptions<DeadlineOptions> deadlineOptions) : Grain, IRemindable
    where TState : class
    where TEvent : DomainEvent
    where TGrainState : EntityGrainState<TState>, new()
{
    private DeadlineAlarm? _alarm;

    protected TState? Entity => store.State.Entity;

    protected TGrainState Stored => store.State;

    protected TimeProvider Time => time;

    protected abstract IReadOnlyDictionary<DeadlineKind, DateTimeOffset> DeadlinesOf(TState state);

    protected abstract Decision<TEvent> Expire(TState state, DeadlineKind kind, DateTimeOffset now, ShopPolicy policy);

    protected abstract TState Apply(TState? state, TEvent e);

    protected abstract string ShopIdOf(TState state);

    protected abstract (string Status, int Version) Describe(TState state);

    protected Task SaveState() => store.WriteStateAsync();

    /// <summary>Work that must follow a persisted change (a refund settling with its order); must be idempotent.</summary>
    protected virtual Task AfterPersist() => Task.CompletedTask;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _alarm = new DeadlineAlarm(this, time, deadlineOptions, OnDeadlineDue) { ReminderDue = store.State.ReminderDue };
        // Ticks missed while the grain was inactive or its silo was down are caught here.
        await OnDeadlineDue();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => OnDeadlineDue();

    protected async ValueTask<EventOutcome> Process(
        IntegratorEvent e,
        string? shopId,
        Func<TState?, DateTimeOffset, ShopPolicy, ValueTask<Decision<TEvent>>> decide)
    {
        var fingerprint = EventFingerprint.Of(e);
        if (store.State.Ledger.Replay(e.EventId, fingerprint) is { } replay)
        {
            return replay;
        }

        var policy = await LoadPolicy(shopId ?? (Entity is null ? null : ShopIdOf(Entity)));
        var now = time.GetUtcNow();
        var fired = Sweep(now, policy);
        var decision = await decide(Entity, now, policy);
        if (decision.Error is { } error)
        {
            if (fired.Count > 0)
            {
                await Persist(); // the deadlines that fired are real, even though this event was refused
            }

            return EventOutcome.Rejected(e.EventId, EventError.From(error));
        }

        foreach (var domainEvent in decision.Events)
        {
            store.State.Entity = Apply(Entity, domainEvent);
        }

        var (status, version) = Describe(Entity!);
        var outcome = new EventOutcome
        {
            EventId = e.EventId, Status = OutcomeStatus.Accepted, OrderId = e.OrderId,
            RefundId = (e as RefundIntegratorEvent)?.RefundId, EntityStatus = status, Version = version,
            Actions = [.. fired.Concat(decision.Events).Select(d => d.Action)],
        };
        store.State.Ledger.Record(e.EventId, fingerprint, outcome);
        await Persist();
        return outcome;
    }

    private async Task OnDeadlineDue()
    {
        if (Entity is null)
        {
            return;
        }

        var fired = Sweep(time.GetUtcNow(), await LoadPolicy(ShopIdOf(Entity)));
        if (fired.Count > 0)
        {
            await Persist();
        }
        else
        {
            await ArmAlarm();
        }
    }

    /// <summary>For commands from inside the cluster (a refund settling with its order): no eventId, no deadline sweep.</summary>
    protected async ValueTask<DomainError?> ProcessInternal(Func<TState?, DateTimeOffset, Decision<TEvent>> decide)
    {
        var decision = decide(Entity, time.GetUtcNow());
        if (decision.Error is not null || decision.Events.Count == 0)
        {
            return decision.Error;
        }

        foreach (var domainEvent in decision.Events)
        {
            store.State.Entity = Apply(Entity, domainEvent);
        }

        await Persist();
        return null;
    }

    private List<TEvent> Sweep(DateTimeOffset now, ShopPolicy policy)
    {
        var fired = new List<TEvent>();
        if (Entity is not null)
        {
            store.State.Entity = DeadlineSweep.Run(Entity, now, DeadlinesOf, (s, kind) => Expire(s, kind, now, policy), (s, e) => Apply(s, e), fired);
        }

        return fired;
    }

    private async Task Persist()
    {
        await ArmAlarm();
        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            // The in-memory state now holds changes that were never stored: drop this activation so the next call
            // starts again from what storage really has.
            DeactivateOnIdle();
            throw;
        }

        await AfterPersist();
    }

    private async Task ArmAlarm()
    {
        var deadlines = Entity is null ? null : DeadlinesOf(Entity);
        await _alarm!.Arm(deadlines is null || deadlines.Count == 0 ? null : deadlines.Values.Min());
        store.State.ReminderDue = _alarm.ReminderDue;
    }

    private async ValueTask<ShopPolicy> LoadPolicy(string? shopId) =>
        shopId is null ? ShopPolicy.PlatformDefault : (await GrainFactory.GetGrain<IShopPolicyGrain>(shopId).Get()).Policy;
}
