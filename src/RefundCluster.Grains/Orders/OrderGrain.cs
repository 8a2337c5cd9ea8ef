using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Policies;
using RefundCluster.Grains.Deadlines;
using RefundCluster.Grains.Mapping;
using RefundCluster.Grains.Metrics;
using RefundCluster.Grains.Shops;
using RefundCluster.Domain.Metrics;

namespace RefundCluster.Grains.Orders;

public sealed class OrderGrain(
    [PersistentState(StorageNames.OrderState, StorageNames.Entities)] IPersistentState<OrderGrainState> store,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider time,
    DeadlineIndex deadlines,
    ShopFeed feed,
    ShopPolicyCache policies)
    : EntityGrain<OrderState, OrderEvent, OrderGrainState>(store, time, deadlines, feed, policies), IOrderGrain, IOrderRefundLedger
{
    public ValueTask<EventOutcome> Handle(OrderIntegratorEvent e) =>
        Process(e, (e as OrderPaidEvent)?.ShopId, (order, now, policy) =>
            ValueTask.FromResult(OrderStateMachine.Decide(order, OrderCommandMapper.ToCommand(e), now, policy)));

    public ValueTask<OrderView?> GetView() => ValueTask.FromResult(Entity?.ToView());

    public ValueTask<OrderFact?> GetFact() => ValueTask.FromResult(Entity is null ? null : OrderFact.Of(Entity));

    protected override ShopEntityKind Kind => ShopEntityKind.Order;

    protected override DomainError UnknownEntity => Errors.OrderUnknown;

    protected override string IdOf(OrderState state) => state.OrderId;

    protected override ShopFactChange FactOf(OrderState state) => new(null, OrderFact.Of(state));

    public ValueTask<OrderSnapshot?> GetSnapshot(string refundId) => ValueTask.FromResult(Entity?.Snapshot(refundId));

    public ValueTask<EventError?> Reserve(string refundId, decimal amount) => Ledger(new ReserveRefund(refundId, amount));

    public ValueTask<EventError?> Settle(string refundId, decimal amount) => Ledger(new SettleRefund(refundId, amount));

    public ValueTask<EventError?> Release(string refundId) => Ledger(new ReleaseRefund(refundId));

    protected override IReadOnlyDictionary<DeadlineKind, DateTimeOffset> DeadlinesOf(OrderState state) => state.Deadlines;

    protected override Decision<OrderEvent> Expire(OrderState state, DeadlineKind kind, DateTimeOffset now, ShopPolicy policy) =>
        OrderStateMachine.Decide(state, new ExpireOrderDeadline(kind), now, policy);

    protected override OrderState Apply(OrderState? state, OrderEvent e) => OrderStateMachine.Apply(state, e);

    protected override string ShopIdOf(OrderState state) => state.ShopId;

    protected override (string Status, int Version) Describe(OrderState state) => (JsonNamingPolicy.SnakeCaseLower.ConvertName(state.Status.ToString()), state.Version);

    private async ValueTask<EventError?> Ledger(OrderCommand command)
    {
        // Ledger commands never schedule deadlines, so the platform default policy is as good as the shop's.
        var error = await ProcessInternal((order, now) => OrderStateMachine.Decide(order, command, now, ShopPolicy.PlatformDefault));
        return error is null ? null : EventError.From(error);
    }
}
