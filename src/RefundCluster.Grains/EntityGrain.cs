using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Policies;
using RefundCluster.Grains.Deadlines;
using RefundCluster.Grains.Idempotency;
using RefundCluster.Grains.Metrics;
using RefundCluster.Grains.Shops;
using RefundCluster.Grains.Telemetry;

namespace RefundCluster.Grains;

/// <summary>
/// The shell shared by order and refund grains: replay a known eventId, fire due deadlines, ask the domain to decide,
/// fold the events, index the next deadline, persist (state and eventId in one write), finish follow-up work, publish
/// the new fact on the shop's stream, and only then answer.
/// </summary>
public abstract class EntityGrain<TState, TEvent, TGrainState>(
    IPersistentState<TGrainState> store,
    TimeProvider time,
    DeadlineIndex deadlines,
    ShopFeed feed,
    ShopPolicyCache policies) : Grain, IDeadlineTarget
    where TState : class
    where TEvent : DomainEvent
    where TGrainState : EntityGrainState<TState>, new()
{
    private DeadlineAlarm? _alarm;
    private bool _unusable;
    private IGrainTimer? _publishRetry;
    private TimeSpan _publishRetryDelay;
    /// <summary>The fact of the state as last written or read back: only stored state is ever published.</summary>
    private ShopFactChange? _storedFact;
    private string? _storedShop;

    /// <summary>How soon a publication the stream refused (a full queue) is first retried; it backs off to a minute.</summary>
    private static readonly TimeSpan PublishRetry = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan PublishRetryLongest = TimeSpan.FromMinutes(1);

    protected TState? Entity => store.State.Entity;

    protected TGrainState Stored => store.State;

    protected TimeProvider Time => time;

    protected abstract IReadOnlyDictionary<DeadlineKind, DateTimeOffset> DeadlinesOf(TState state);

    protected abstract Decision<TEvent> Expire(TState state, DeadlineKind kind, DateTimeOffset now, ShopPolicy policy);

    protected abstract TState Apply(TState? state, TEvent e);

    protected abstract string ShopIdOf(TState state);

    protected abstract (string Status, int Version) Describe(TState state);

    protected abstract ShopEntityKind Kind { get; }

    /// <summary>What an event about an entity that does not exist is answered (also for one outside the sender's shops).</summary>
    protected abstract DomainError UnknownEntity { get; }

    protected abstract string IdOf(TState state);

    /// <summary>The entity as the shop metrics count it.</summary>
    protected abstract ShopFactChange FactOf(TState state);

    /// <summary>Counts a transition in the telemetry (the action, and what the entity kind adds).</summary>
    protected virtual void CountTransition(TEvent e) =>
        RefundClusterMeter.Transitions.Add(1, new KeyValuePair<string, object?>("entity", KindTag), new KeyValuePair<string, object?>("action", e.Action));

    private string KindTag => Kind == ShopEntityKind.Order ? "order" : "refund";

    /// <summary>
    /// Work that must follow a persisted change (a refund settling with its order, recording its payout); must be
    /// idempotent. While <see cref="HasFollowUp"/> says some is left, the grain keeps a wake-up in the deadline index,
    /// so work interrupted by a crash is finished even if no one calls the grain again.
    /// </summary>
    /// <returns>Whether it changed state that must be stored.</returns>
    protected virtual Task<bool> AfterPersist() => Task.FromResult(false);

    protected virtual bool HasFollowUp => false;

    /// <summary>
    /// Last changes to the state before its write: what the storage writes in the same transaction (an outbox row)
    /// is attached here. A failed write reloads the stored state, which drops them.
    /// </summary>
    protected virtual void BeforeWrite()
    {
    }

    /// <summary>How soon unfinished follow-up work is retried.</summary>
    protected static readonly TimeSpan FollowUpRetry = TimeSpan.FromSeconds(30);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ResetAlarm();
        RememberStoredFact();
        // Deadlines that fell due while the grain was inactive or its silo was down are caught here.
        await OnDeadlineDue();
    }

    public async Task<bool> WakeUp(DateTimeOffset due)
    {
        await OnDeadlineDue();
        // Still indexed at exactly this entry: woken early (clock skew between silos), the shard must keep it.
        return store.State.IndexedDue is not { } indexed || DeadlineEntry.Normalize(indexed) != due;
    }

    protected async ValueTask<EventOutcome> Process(
        IntegratorEvent e,
        string? shopId,
        Func<TState?, DateTimeOffset, ShopPolicy, ValueTask<Decision<TEvent>>> decide,
        bool storageRechecked = false)
    {
        if (Entity is { } existing && !e.InScope(ShopIdOf(existing)))
        {
            // Before the replay: not even an eventId may tell a limited credential that another shop's entity exists.
            CountIngested("rejected");
            return EventOutcome.Rejected(e.EventId, EventError.From(UnknownEntity));
        }

        var fingerprint = EventFingerprint.Of(e);
        if (store.State.Ledger.Replay(e.EventId, fingerprint) is { } replay)
        {
            CountIngested("duplicate");
            return replay;
        }

        EnsureUsable();
        var policy = await LoadPolicy(shopId ?? (Entity is null ? null : ShopIdOf(Entity)));
        var now = time.GetUtcNow();
        var fired = Sweep(now, policy);
        Decision<TEvent> decision;
        try
        {
            decision = await decide(Entity, now, policy);
        }
        catch
        {
            // The sweep may have changed the state in memory: never keep that unstored.
            DeactivateOnIdle();
            await ReloadStoredState();
            throw;
        }

        if (decision.Error is { } error)
        {
            if (fired.Count == 0 && !storageRechecked && await StorageMovedOn())
            {
                // This activation was stale: another activation of the same grain wrote meanwhile (possible for a
                // moment after a silo dies, until the directory settles). A refusal must come from the stored state.
                return await Process(e, shopId, decide, storageRechecked: true);
            }

            if (fired.Count > 0)
            {
                await Persist(); // the deadlines that fired are real, even though this event was refused
            }

            CountIngested("rejected");
            return EventOutcome.Rejected(e.EventId, EventError.From(error));
        }

        ApplyAll(decision.Events, e.SentBy);

        var (status, version) = Describe(Entity!);
        var outcome = new EventOutcome
        {
            EventId = e.EventId, Status = OutcomeStatus.Accepted, OrderId = e.OrderId,
            RefundId = (e as RefundIntegratorEvent)?.RefundId, EntityStatus = status, Version = version,
            Actions = [.. fired.Concat(decision.Events).Select(d => d.Action)],
        };
        store.State.Ledger.Record(e.EventId, fingerprint, outcome);
        await Persist();
        CountIngested("accepted");
        return outcome;
    }

    private void CountIngested(string outcome) =>
        RefundClusterMeter.EventsIngested.Add(1, new KeyValuePair<string, object?>("entity", KindTag), new KeyValuePair<string, object?>("outcome", outcome));

    private async Task ReloadStoredState()
    {
        try
        {
            await store.ReadStateAsync();
            // A write that failed ambiguously may have committed: publish whatever storage really holds.
            RememberStoredFact();
            await Publish();
        }
        catch (Exception)
        {
            // Storage is unreachable: this activation can neither keep its unstored changes nor get the stored state
            // back. It refuses everything until it is gone (a blank state under the old etag could overwrite data).
            _unusable = true;
        }

        ResetAlarm();
    }

    /// <summary>Re-reads the state; true if storage holds a newer version than this activation had.</summary>
    private async Task<bool> StorageMovedOn()
    {
        var etag = store.Etag;
        await store.ReadStateAsync();
        if (store.Etag == etag)
        {
            return false;
        }

        ResetAlarm();
        RememberStoredFact();
        return true;
    }

    /// <summary>The alarm follows the state: rebuilt whenever the state is (re)loaded.</summary>
    private void ResetAlarm() => _alarm = new DeadlineAlarm(this.GetGrainId(), deadlines) { IndexedDue = store.State.IndexedDue };

    private void EnsureUsable()
    {
        if (_unusable)
        {
            throw new InvalidOperationException($"{this.GetGrainId()} lost its state to a storage failure and is being deactivated; retry.");
        }
    }

    private async Task OnDeadlineDue()
    {
        EnsureUsable();
        if (Entity is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var fired = HasDue(now) ? Sweep(now, await LoadPolicy(ShopIdOf(Entity))) : [];
        if (fired.Count > 0 || HasFollowUp)
        {
            await Persist();
        }
        else if (await ArmAlarm())
        {
            await Write();
        }
    }

    /// <summary>For commands from inside the cluster (a refund settling with its order): no eventId, no deadline sweep.</summary>
    protected async ValueTask<DomainError?> ProcessInternal(Func<TState?, DateTimeOffset, Decision<TEvent>> decide)
    {
        EnsureUsable();
        var decision = decide(Entity, time.GetUtcNow());
        if (decision.Error is not null || decision.Events.Count == 0)
        {
            return decision.Error;
        }

        ApplyAll(decision.Events, credential: null);

        await Persist();
        return null;
    }

    /// <summary>Folds decided events into the state, stamped with the credential whose request caused them.</summary>
    private void ApplyAll(IEnumerable<TEvent> events, string? credential)
    {
        foreach (var decided in events)
        {
            var domainEvent = credential is null ? decided : (TEvent)((DomainEvent)decided with { Credential = credential });
            store.State.Entity = Apply(Entity, domainEvent);
            CountTransition(domainEvent);
        }
    }

    private bool HasDue(DateTimeOffset now) => Entity is { } entity && DeadlinesOf(entity).Values.Any(due => due <= now);

    private List<TEvent> Sweep(DateTimeOffset now, ShopPolicy policy)
    {
        var fired = new List<TEvent>();
        if (Entity is not null)
        {
            store.State.Entity = DeadlineSweep.Run(Entity, now, DeadlinesOf, (s, kind) => Expire(s, kind, now, policy), (s, e) => Apply(s, e), fired);
            fired.ForEach(CountTransition);
        }

        return fired;
    }

    /// <summary>
    /// The write path, after the state was decided and folded: index the next wake-up (its shard holds it in memory;
    /// it is durable with the state), write once (state, next wake-up and outbox in one row write and one shared
    /// commit), publish the stored fact, then follow-up work. The rule for failures: a failed write reloads the stored
    /// state and drops this activation, so nothing unstored is ever answered or published; a failure after the write
    /// never undoes it, and what is left (a publication, a settlement) is retried by a timer or a wake-up.
    /// </summary>
    private async Task Persist()
    {
        try
        {
            await ArmAlarm();
            if (!store.State.InShopDirectory && !feed.DirectoryFollowsGrainState && Entity is { } entity)
            {
                // Before the first write: a stored entity is always findable by its shop's rebuild. (A storage that
                // records the shop with the state needs no registration, and the flag stays unset for a later switch.)
                await feed.Register(ShopIdOf(entity), Kind, IdOf(entity));
                store.State.InShopDirectory = true;
            }

            BeforeWrite();
            await store.WriteStateAsync();
        }
        catch
        {
            // Indexing the deadline or writing failed: the in-memory state holds changes that were never stored
            // (among them the eventId, which a resend must not find). Go back to what storage really has.
            DeactivateOnIdle();
            await ReloadStoredState();
            throw;
        }

        // Published as soon as it is stored, before follow-up work that may fail (settling with the order).
        RememberStoredFact();
        await Publish();
        await _alarm!.ReleaseSuperseded();
        var followedUp = await AfterPersist();
        if ((!HasFollowUp && await ArmAlarm()) | followedUp)
        {
            await Write(); // a failure here only repeats idempotent follow-up work later
            await _alarm.ReleaseSuperseded();
        }
    }

    private void RememberStoredFact()
    {
        _storedFact = Entity is null ? null : FactOf(Entity);
        _storedShop = Entity is null ? null : ShopIdOf(Entity);
    }

    /// <summary>
    /// Publishes the stored fact. A refused publication (a full memory-stream queue) never fails the event: the state
    /// is stored, so it is retried on a timer (backing off) and, failing that, repaired by the aggregator's reconciliation.
    /// </summary>
    private async Task Publish()
    {
        if (_unusable || _storedFact is not { } fact || _storedShop is not { } shop)
        {
            _publishRetry?.Dispose();
            _publishRetry = null;
            return;
        }

        try
        {
            await feed.Publish(shop, fact);
            _publishRetry?.Dispose();
            _publishRetry = null;
        }
        catch (Exception)
        {
            RefundClusterMeter.StreamPublishFailures.Add(1);
            if (_publishRetry is null)
            {
                _publishRetryDelay = PublishRetry;
                _publishRetry = this.RegisterGrainTimer(Publish, _publishRetryDelay, _publishRetryDelay);
            }
            else
            {
                _publishRetryDelay = TimeSpan.FromTicks(Math.Min(_publishRetryDelay.Ticks * 2, PublishRetryLongest.Ticks));
                _publishRetry.Change(_publishRetryDelay, _publishRetryDelay);
            }
        }
    }

    private async Task Write()
    {
        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            // Only follow-up bookkeeping was unstored; reload so that this activation matches storage.
            DeactivateOnIdle();
            await ReloadStoredState();
            throw;
        }
    }

    /// <summary>Indexes the next wake-up the state needs; true if that changed what must be stored.</summary>
    private async Task<bool> ArmAlarm()
    {
        var due = Entity is null ? null : DeadlinesOf(Entity).Values.Cast<DateTimeOffset?>().Min();
        if (HasFollowUp)
        {
            // Keep a retry wake-up that is still ahead rather than index a new one on every attempt.
            var now = time.GetUtcNow();
            var retry = store.State.IndexedDue is { } indexed && indexed > now && indexed <= now + FollowUpRetry ? indexed : now + FollowUpRetry;
            due = due is null || retry < due ? retry : due;
        }

        await _alarm!.Arm(due);
        var changed = store.State.IndexedDue != _alarm.IndexedDue;
        store.State.IndexedDue = _alarm.IndexedDue;
        return changed;
    }

    protected ValueTask<ShopPolicy> LoadPolicy(string? shopId) =>
        shopId is null ? ValueTask.FromResult(ShopPolicy.PlatformDefault) : policies.Get(shopId);
}
