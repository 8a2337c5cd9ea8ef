using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Metrics;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Metrics;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Policies;
using RefundCluster.Domain.Refunds;
using RefundCluster.Grains.Changes;
using RefundCluster.Grains.Deadlines;
using RefundCluster.Grains.Idempotency;
using RefundCluster.Grains.Mapping;
using RefundCluster.Grains.Metrics;
using RefundCluster.Grains.Payouts;
using RefundCluster.Grains.Recording;
using RefundCluster.Grains.Shops;
using RefundCluster.Grains.Telemetry;

namespace RefundCluster.Grains.Orders;

/// <summary>
/// One order with its refunds (<see cref="OrderAggregate"/>), a thin shell around the pure core: replay a known
/// eventId, fire due deadlines, decide, fold, then the write path of <see cref="Persist"/> (one durable write that
/// carries the state, the next wake-up and the payouts; publish; answer).
/// </summary>
public sealed class OrderGrain(
    [PersistentState(StorageNames.OrderState, StorageNames.Entities)] IPersistentState<OrderGrainState> store,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider time,
    DeadlineIndex deadlines,
    ShopFactsPublisher publisher,
    ShopPolicyCache policies,
    PayoutRecorder payouts,
    IRefundLocator locator,
    IChangeLog changes,
    GrainStorageOutbox outbox,
    InputRecorder inputs) : Grain, IOrderGrain, IDeadlineTarget
{
    /// <summary>Events folded into the state since it was last written: the changes the next write records.</summary>
    private readonly List<DomainEvent> _unrecorded = [];

    /// <summary>Inputs accepted and deadlines fired since the state was last written: the recording lines the next write stores.</summary>
    private readonly List<PendingInput> _unrecordedInputs = [];

    private DeadlineAlarm? _alarm;
    private bool _unusable;
    private IGrainTimer? _publishRetry;
    private TimeSpan _publishRetryDelay;

    /// <summary>The facts of the state as last written or read back that are not published yet: only stored state is ever published.</summary>
    private ShopFactChange? _storedFacts;

    private string? _storedShop;

    /// <summary>The versions last published, so that a publication carries only what changed.</summary>
    private int _publishedOrderVersion = -1;

    private readonly Dictionary<string, int> _publishedRefundVersions = new(StringComparer.Ordinal);

    /// <summary>How soon a publication the stream refused (a full queue) is first retried; it backs off to a minute.</summary>
    private static readonly TimeSpan PublishRetry = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan PublishRetryLongest = TimeSpan.FromMinutes(1);

    /// <summary>How soon unfinished follow-up work (a payout to record) is retried.</summary>
    private static readonly TimeSpan FollowUpRetry = TimeSpan.FromSeconds(30);

    private OrderAggregate? Entity => store.State.Entity;

    private OrderGrainState Stored => store.State;

    public ValueTask<EventOutcome> Handle(OrderIntegratorEvent e) =>
        Process(e, (e as OrderPaidEvent)?.ShopId, (order, now, policy) =>
            ValueTask.FromResult(OrderAggregateMachine.Decide(order, OrderCommandMapper.ToCommand(e), now, policy)));

    public ValueTask<EventOutcome> HandleRefund(RefundIntegratorEvent e) =>
        Process(e, null, async (order, now, policy) =>
        {
            var decision = order is null
                ? UnknownTo(e)
                : OrderAggregateMachine.Decide(
                    order, e.RefundId, RefundCommandMapper.ToCommand(e), now, policy,
                    e.RefundVersion);
            return decision.Error is { } error && order?.Refund(e.RefundId) is null && (error == Errors.RefundUnknown || error == Errors.OrderUnknown)
                ? await HeldElsewhere(e) ?? decision
                : decision;
        });

    public ValueTask<OrderView?> GetView() => ValueTask.FromResult(Entity?.ToView());

    public async ValueTask<RefundView?> GetRefundView(string refundId) =>
        Entity is { } entity && entity.Refund(refundId) is not null
            ? entity.RefundView(refundId, time.GetUtcNow(), await LoadPolicy(entity.ShopId))
            : null;

    public ValueTask<OrderFacts?> GetFacts() => ValueTask.FromResult(
        Entity is null ? null : new OrderFacts(OrderFact.Of(Entity.Order), [.. Entity.Refunds.Values.Select(RefundFact.Of)]));

    /// <summary>
    /// Refund ids are unique platform-wide: an event naming a refund that another order holds is refused as naming the
    /// wrong order; a caller who may not see that order's shop learns only that the refund is unknown. Looked up only
    /// when this order does not hold the refund (a refusal already, or a request whose write found the id taken).
    /// </summary>
    private async ValueTask<DomainError?> HeldElsewhere(RefundIntegratorEvent e) =>
        await locator.HolderOf(e.RefundId) is { } holder && holder.OrderId != this.GetPrimaryKeyString()
            ? e.InScope(holder.ShopId) ? Errors.RefundOrderMismatch : Errors.RefundUnknown
            : null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ResetAlarm();
        RememberStoredFacts();
        // Deadlines that fell due while the grain was inactive or its silo was down are caught here, and a payout
        // interrupted by a crash is recorded.
        await OnDeadlineDue();
    }

    public async Task<bool> WakeUp(DateTimeOffset due)
    {
        await OnDeadlineDue();
        // Still indexed at exactly this entry: woken early (clock skew between silos), the shard must keep it.
        return Stored.IndexedDue is not { } indexed || DeadlineEntry.Normalize(indexed) != due;
    }

    private async ValueTask<EventOutcome> Process(
        IntegratorEvent e,
        string? shopId,
        Func<OrderAggregate?, DateTimeOffset, ShopPolicy, ValueTask<Decision<DomainEvent>>> decide,
        bool storageRechecked = false)
    {
        if (Entity is { } existing && !e.InScope(existing.ShopId))
        {
            // Before the replay: not even an eventId may tell a limited credential that another shop's entity exists.
            CountIngested(e, "rejected");
            return EventOutcome.Rejected(e.EventId, EventError.From(UnknownTo(e)));
        }

        var fingerprint = EventFingerprint.Of(e);
        if (Stored.ProcessedEvents.Replay(e.EventId, fingerprint) is { } replay)
        {
            CountIngested(e, "duplicate");
            return replay;
        }

        EnsureUsable();
        var policy = await LoadPolicy(shopId ?? Entity?.ShopId);
        var now = time.GetUtcNow();
        var fired = Sweep(now, policy);
        Decision<DomainEvent> decision;
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

            CountIngested(e, "rejected");
            return EventOutcome.Rejected(e.EventId, EventError.From(error));
        }

        ApplyAll(decision.Events, e.SentBy);
        if (inputs.Enabled)
        {
            _unrecordedInputs.Add(InputRecorder.Accepted(Entity!.ShopId, e, now));
        }

        var refundId = (e as RefundIntegratorEvent)?.RefundId;
        var (status, version) = refundId is null ? Describe(Entity!.Order) : Describe(Entity!.Refund(refundId)!);
        var outcome = new EventOutcome
        {
            EventId = e.EventId, Status = OutcomeStatus.Accepted, OrderId = e.OrderId, RefundId = refundId,
            EntityStatus = status, Version = version,
            Actions = [.. fired.Concat(decision.Events).Where(d => Concerns(d, refundId)).Select(d => d.Action)],
        };
        Stored.ProcessedEvents.Record(e.EventId, fingerprint, outcome);
        try
        {
            await Persist();
        }
        catch (RefundIdTakenException) when (e is RefundRequestedEvent request)
        {
            // Nothing was written, and the stored state is back in memory; the request is refused as if it had found
            // the id taken before deciding.
            CountIngested(e, "rejected");
            return EventOutcome.Rejected(e.EventId, EventError.From(await HeldElsewhere(request) ?? Errors.RefundOrderMismatch));
        }

        CountIngested(e, "accepted");
        return outcome;
    }

    /// <summary>An event's answer lists what happened to the entity it named (the order, or that one refund).</summary>
    private static bool Concerns(DomainEvent e, string? refundId) =>
        refundId is null ? e is OrderEvent : e is RefundChange change && change.RefundId == refundId;

    private static DomainError UnknownTo(IntegratorEvent e) =>
        e is RefundIntegratorEvent and not RefundRequestedEvent ? Errors.RefundUnknown : Errors.OrderUnknown;

    private static (string Status, int Version) Describe(OrderState order) => (SnakeCase(order.Status.ToString()), order.Version);

    private static (string Status, int Version) Describe(RefundState refund) => (SnakeCase(refund.Status.ToString()), refund.Version);

    private static string SnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private static void CountIngested(IntegratorEvent e, string outcome) =>
        RefundClusterMeter.EventsIngested.Add(
            1, new KeyValuePair<string, object?>("entity", e is RefundIntegratorEvent ? "refund" : "order"), new KeyValuePair<string, object?>("outcome", outcome));

    private static void CountTransition(DomainEvent e)
    {
        RefundClusterMeter.Transitions.Add(
            1, new KeyValuePair<string, object?>("entity", e is RefundChange ? "refund" : "order"), new KeyValuePair<string, object?>("action", e.Action));
        var automation = (e as RefundChange)?.Event switch
        {
            RefundExecuted executed => executed.Automation,
            ReturnApproved approved => approved.Automation,
            ReplacementApproved approved => approved.Automation,
            _ => Automation.None,
        };
        if (automation != Automation.None)
        {
            RefundClusterMeter.AutomaticActions.Add(1, new KeyValuePair<string, object?>("automation", automation.ToString()));
        }
    }

    private async Task ReloadStoredState()
    {
        _unrecorded.Clear(); // what was folded but not stored never happened
        _unrecordedInputs.Clear();
        Stored.ChangesToRecord = [];
        Stored.InputsToRecord = [];
        try
        {
            await store.ReadStateAsync();
            // A write that failed ambiguously may have committed: publish whatever storage really holds.
            RememberStoredFacts();
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
        RememberStoredFacts();
        return true;
    }

    /// <summary>The alarm follows the state: rebuilt whenever the state is (re)loaded.</summary>
    private void ResetAlarm() => _alarm = new DeadlineAlarm(this.GetGrainId(), deadlines) { IndexedDue = Stored.IndexedDue };

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
        var fired = HasDue(now) ? Sweep(now, await LoadPolicy(Entity.ShopId)) : [];
        if (fired.Count > 0 || HasFollowUp)
        {
            await Persist();
        }
        else if (await ArmAlarm())
        {
            await Write();
        }
    }

    /// <summary>Folds decided events into the state, stamped with the credential whose request caused them.</summary>
    private void ApplyAll(IEnumerable<DomainEvent> events, string? credential)
    {
        foreach (var decided in events)
        {
            var domainEvent = credential is null ? decided : decided with { Credential = credential };
            Stored.Entity = OrderAggregateMachine.Apply(Entity, domainEvent);
            _unrecorded.Add(domainEvent);
            CountTransition(domainEvent);
        }
    }

    private bool HasDue(DateTimeOffset now) => Entity?.NextDue() <= now;

    private List<DomainEvent> Sweep(DateTimeOffset now, ShopPolicy policy)
    {
        var fired = new List<DomainEvent>();
        if (Entity is { } entity && entity.NextDue() <= now) // most events find nothing due: no walk over the pending deadlines
        {
            Stored.Entity = DeadlineSweep.Run(entity, now, a => a.PendingDeadlines(), Expire, OrderAggregateMachine.Apply, fired);
            fired.ForEach(CountTransition);
            _unrecorded.AddRange(fired);
        }

        return fired;

        Decision<DomainEvent> Expire(OrderAggregate order, AggregateDeadline deadline)
        {
            var decision = OrderAggregateMachine.Expire(order, deadline, now, policy);
            if (inputs.Enabled && decision.Events.Count > 0)
            {
                var due = order.PendingDeadlines().First(d => d.Key == deadline).Value;
                _unrecordedInputs.Add(InputRecorder.Fired(order.ShopId, order.OrderId, deadline, due, now));
            }

            return decision;
        }
    }

    /// <summary>
    /// The write path, after the state was decided and folded: index the next wake-up (its shard holds it in memory;
    /// it is durable with the state), write once (state, next wake-up and payouts in one row write and one shared
    /// commit), publish the stored facts, then follow-up work. The rule for failures: a failed write reloads the stored
    /// state and drops this activation, so nothing unstored is ever answered or published; a failure after the write
    /// never undoes it, and what is left (a publication, a payout row) is retried by a timer or a wake-up.
    /// </summary>
    private async Task Persist()
    {
        try
        {
            await ArmAlarm();
            await RegisterWhereStorageDoesNot();
            AttachPayouts();
            Stored.ChangesToRecord = Entity is { } entity ? ChangeRecorder.Of(entity, _unrecorded) : [];
            Stored.InputsToRecord = [.. _unrecordedInputs];
            await store.WriteStateAsync();
            if (!outbox.RecordsChanges)
            {
                changes.Append(Stored.ChangesToRecord); // after the state, as the storages that can do it in one transaction
                inputs.AppendApart(Stored.InputsToRecord);
            }

            // Carried by this write only: later writes of the state neither claim nor record them again.
            Stored.RefundIdsToClaim = [];
            Stored.PayoutsToRecord = [];
            Stored.ChangesToRecord = [];
            Stored.InputsToRecord = [];
            _unrecorded.Clear();
            _unrecordedInputs.Clear();
        }
        catch
        {
            // Indexing the deadline or writing failed: the in-memory state holds changes that were never stored
            // (among them the eventId, which a resend must not find). Go back to what storage really has.
            DeactivateOnIdle();
            await ReloadStoredState();
            throw;
        }

        // Published as soon as it is stored, before follow-up work that may fail.
        RememberStoredFacts();
        await Publish();
        _alarm!.ReleaseSuperseded();
        var followedUp = await RecordPayoutsApart();
        if ((!HasFollowUp && await ArmAlarm()) | followedUp)
        {
            await Write(); // a failure here only repeats idempotent follow-up work later
            _alarm.ReleaseSuperseded();
        }
    }

    /// <summary>
    /// Before a write: a stored order is always findable by its shop's rebuild, and a stored refund by its id, which no
    /// other order may hold. A storage that records the shop and the refund ids with the state needs no registration:
    /// the write itself claims the new ids (and fails with <see cref="RefundIdTakenException"/> if one is taken).
    /// </summary>
    private async Task RegisterWhereStorageDoesNot()
    {
        Stored.RefundIdsToClaim = [];
        if (Entity is not { } entity)
        {
            return;
        }

        if (!Stored.InShopDirectory && !publisher.DirectoryFollowsGrainState)
        {
            await publisher.Register(entity.ShopId, ShopEntityKind.Order, entity.OrderId);
            Stored.InShopDirectory = true;
        }

        var unclaimed = entity.Refunds.Keys.Where(id => !Stored.RefundsLocated.Contains(id)).ToList();
        if (locator.FollowsGrainState)
        {
            Stored.RefundIdsToClaim = unclaimed;
        }
        else
        {
            foreach (var refundId in unclaimed)
            {
                if (!await locator.Claim(refundId, new RefundHolder(entity.OrderId, entity.ShopId)))
                {
                    throw new RefundIdTakenException(refundId);
                }
            }
        }

        Stored.RefundsLocated.UnionWith(unclaimed);
    }

    /// <summary>Refunds that ended refunded and have no payout row yet.</summary>
    private IEnumerable<PayoutRequest> PayoutsDue() =>
        Entity is null
            ? []
            : Entity.Refunds.Values
                .Where(r => r is { IsTerminal: true, RefundedAmount: > 0 } && !Stored.PayoutsRecorded.Contains(r.RefundId))
                .Select(r => new PayoutRequest(r.PayoutKey!, r.RefundId, r.OrderId, r.ShopId, r.RefundedAmount, r.EndedAt ?? r.RequestedAt));

    /// <summary>The write that ends refunds refunded carries their payout rows (where the storage records them with the state).</summary>
    private void AttachPayouts()
    {
        Stored.PayoutsToRecord = [];
        if (payouts.RecordedWithState && PayoutsDue().ToList() is { Count: > 0 } due)
        {
            Stored.PayoutsToRecord = due;
            Stored.PayoutsRecorded.UnionWith(due.Select(p => p.RefundId));
        }
    }

    /// <summary>Where the storage cannot record payouts with the state, they are recorded after it; must be idempotent.</summary>
    private bool HasFollowUp => !payouts.RecordedWithState && PayoutsDue().Any();

    /// <returns>Whether it changed state that must be stored.</returns>
    private async Task<bool> RecordPayoutsApart()
    {
        var changed = false;
        foreach (var payout in payouts.RecordedWithState ? [] : PayoutsDue().ToList())
        {
            await payouts.Record(payout);
            Stored.PayoutsRecorded.Add(payout.RefundId);
            changed = true;
        }

        return changed;
    }

    /// <summary>Takes the facts of the stored state that were not published yet.</summary>
    private void RememberStoredFacts()
    {
        if (Entity is not { } entity)
        {
            _storedFacts = null;
            _storedShop = null;
            return;
        }

        var refunds = entity.Refunds.Values
            .Where(r => !_publishedRefundVersions.TryGetValue(r.RefundId, out var published) || published != r.Version)
            .Select(RefundFact.Of).ToImmutableArray();
        var order = entity.Order.Version != _publishedOrderVersion ? OrderFact.Of(entity.Order) : null;
        _storedFacts = refunds.IsEmpty && order is null ? null : new ShopFactChange(refunds, order);
        _storedShop = entity.ShopId;
    }

    /// <summary>
    /// Publishes the stored facts. A refused publication (a full memory-stream queue) never fails the event: the state
    /// is stored, so it is retried on a timer (backing off) and, failing that, repaired by the aggregator's reconciliation.
    /// </summary>
    private async Task Publish()
    {
        if (_unusable || _storedFacts is not { } facts || _storedShop is not { } shop)
        {
            _publishRetry?.Dispose();
            _publishRetry = null;
            return;
        }

        try
        {
            await publisher.Publish(shop, facts);
            foreach (var refund in facts.Refunds)
            {
                _publishedRefundVersions[refund.RefundId] = refund.Version;
            }

            if (facts.Order is { } order)
            {
                _publishedOrderVersion = order.Version;
            }

            _storedFacts = null;
            _publishRetry?.Dispose();
            _publishRetry = null;
        }
        catch (Exception)
        {
            RefundClusterMeter.StreamPublishFailures.Add(1);
            // Timer ticks are not activity: keep the activation (and its unpublished facts) until a retry gets through.
            DelayDeactivation(PublishRetryLongest * 2);
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
        var due = Entity?.NextDue();
        if (HasFollowUp)
        {
            // Keep a retry wake-up that is still ahead rather than index a new one on every attempt.
            var now = time.GetUtcNow();
            var retry = Stored.IndexedDue is { } indexed && indexed > now && indexed <= now + FollowUpRetry ? indexed : now + FollowUpRetry;
            due = due is null || retry < due ? retry : due;
        }

        await _alarm!.Arm(due);
        var changed = Stored.IndexedDue != _alarm.IndexedDue;
        Stored.IndexedDue = _alarm.IndexedDue;
        return changed;
    }

    private ValueTask<ShopPolicy> LoadPolicy(string? shopId) =>
        shopId is null ? ValueTask.FromResult(ShopPolicy.PlatformDefault) : policies.Get(shopId);
}
