using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Policies;
using RefundCluster.Domain.Refunds;
using RefundCluster.Grains.Deadlines;
using RefundCluster.Grains.Mapping;
using RefundCluster.Grains.Metrics;
using RefundCluster.Grains.Shops;
using RefundCluster.Grains.Telemetry;
using RefundCluster.Domain.Metrics;
using RefundCluster.Grains.Orders;
using RefundCluster.Grains.Payouts;

namespace RefundCluster.Grains.Refunds;

public sealed class RefundGrain(
    [PersistentState(StorageNames.RefundState, StorageNames.Entities)] IPersistentState<RefundGrainState> store,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider time,
    DeadlineIndex deadlines,
    ShopFeed feed,
    ShopPolicyCache policies,
    PayoutRecorder payouts)
    : EntityGrain<RefundState, RefundEvent, RefundGrainState>(store, time, deadlines, feed, policies), IRefundGrain
{
    public ValueTask<EventOutcome> Handle(RefundIntegratorEvent e) =>
        Process(e, null, async (refund, now, policy) => refund switch
        {
            not null when refund.OrderId != e.OrderId => Errors.RefundOrderMismatch,
            null when e is RefundRequestedEvent request => await DecideRequest(request, now),
            _ when e is RefundRequestedEvent => Errors.RefundAlreadyExists,
            _ => RefundStateMachine.Decide(refund, RefundCommandMapper.ToCommand(e), now, policy),
        });

    public ValueTask<RefundView?> GetView() => ValueTask.FromResult(Entity?.ToView());

    public ValueTask<RefundFact?> GetFact() => ValueTask.FromResult(Entity is null ? null : RefundFact.Of(Entity));

    protected override ShopEntityKind Kind => ShopEntityKind.Refund;

    protected override DomainError UnknownEntity => Errors.RefundUnknown;

    protected override string IdOf(RefundState state) => state.RefundId;

    protected override ShopFactChange FactOf(RefundState state) => new(RefundFact.Of(state), null);

    protected override void CountTransition(RefundEvent e)
    {
        base.CountTransition(e);
        var automation = e switch
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

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Finishes a settlement or payout interrupted by a crash (the activation's deadline check persists it).
        await base.OnActivateAsync(cancellationToken);
    }

    protected override IReadOnlyDictionary<DeadlineKind, DateTimeOffset> DeadlinesOf(RefundState state) => state.Deadlines;

    protected override Decision<RefundEvent> Expire(RefundState state, DeadlineKind kind, DateTimeOffset now, ShopPolicy policy) =>
        RefundStateMachine.Decide(state, new ExpireRefundDeadline(kind), now, policy);

    protected override RefundState Apply(RefundState? state, RefundEvent e) => RefundStateMachine.Apply(state, e);

    protected override string ShopIdOf(RefundState state) => state.ShopId;

    protected override (string Status, int Version) Describe(RefundState state) => (JsonNamingPolicy.SnakeCaseLower.ConvertName(state.Status.ToString()), state.Version);

    /// <summary>A request is decided against the order's current money and the order's shop policy, then reserves its amount.</summary>
    private async Task<Decision<RefundEvent>> DecideRequest(RefundRequestedEvent request, DateTimeOffset now)
    {
        var order = GrainFactory.GetGrain<IOrderRefundLedger>(request.OrderId);
        if (await order.GetSnapshot(request.RefundId) is not { } snapshot || !request.InScope(snapshot.ShopId))
        {
            return Errors.OrderUnknown;
        }

        var policy = await LoadPolicy(snapshot.ShopId);
        var filedBy = request.FiledBy == FiledBy.Agent ? Actor.Agent : Actor.Buyer;
        var decision = RefundStateMachine.Decide(
            null, new RequestRefund(request.RefundId, snapshot, request.RefundKind, request.Reason, request.Amount, filedBy), now, policy);
        if (decision.IsError || decision.Events[0] is not RefundRequested { Amount: > 0 } requested)
        {
            return decision;
        }

        // The order re-checks the amount atomically: two refunds racing for the same money cannot both win.
        return await order.Reserve(request.RefundId, requested.Amount) is { } refused
            ? new DomainError(refused.Code, refused.Kind, refused.Message)
            : decision;
    }

    /// <summary>An ended refund still has to settle with its order, or to record the money it sends back.</summary>
    protected override bool HasFollowUp =>
        Entity is { IsTerminal: true } refund && (!Stored.OrderSettled || (refund.RefundedAmount > 0 && !Stored.PayoutRecorded));

    /// <summary>The write that ends the refund refunded carries its payout row (where the storage records it with the state).</summary>
    protected override void BeforeWrite()
    {
        Stored.PayoutToRecord = null;
        if (payouts.RecordedWithState && Entity is { IsTerminal: true, RefundedAmount: > 0 } refund && !Stored.PayoutRecorded)
        {
            Stored.PayoutToRecord = PayoutOf(refund);
            Stored.PayoutRecorded = true;
        }
    }

    private static PayoutRequest PayoutOf(RefundState refund) =>
        new(refund.PayoutKey!, refund.RefundId, refund.OrderId, refund.ShopId, refund.RefundedAmount, refund.EndedAt ?? refund.RequestedAt);

    protected override async Task<bool> AfterPersist()
    {
        if (Entity is not { IsTerminal: true } refund)
        {
            return false;
        }

        Stored.PayoutToRecord = null;
        var changed = false;
        if (refund.RefundedAmount > 0 && !Stored.PayoutRecorded)
        {
            await payouts.Record(PayoutOf(refund));
            Stored.PayoutRecorded = changed = true;
        }

        if (!Stored.OrderSettled)
        {
            var order = GrainFactory.GetGrain<IOrderRefundLedger>(refund.OrderId);
            var error = refund.RefundedAmount > 0
                ? await order.Settle(refund.RefundId, refund.RefundedAmount)
                : await order.Release(refund.RefundId);
            if (error is null)
            {
                Stored.OrderSettled = changed = true;
            }
        }

        return changed;
    }
}
