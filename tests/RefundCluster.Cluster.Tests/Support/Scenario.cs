using RefundCluster.Domain.Policies;

namespace RefundCluster.Cluster.Tests.Support;

/// <summary>
/// One order of one shop (fresh ids, so that tests sharing a cluster never meet), with typed event builders that stamp
/// unique eventIds, and bounded waits for what timers do in the background.
/// </summary>
public sealed class Scenario(ClusterFixture fixture, string? shopId = null)
{
    private static int _sequence;

    /// <summary>A fresh shop (on the platform default policy) unless another scenario's shop is passed in.</summary>
    public string ShopId { get; } = shopId ?? Unique("shop");

    public string OrderId { get; } = Unique("order");

    public string BuyerId { get; } = Unique("buyer");

    public ClusterFixture Fixture => fixture;

    public IGrainFactory Grains => fixture.Grains;

    public IOrderGrain Order => Grains.GetGrain<IOrderGrain>(OrderId);

    public IShopPolicyGrain Policy => Grains.GetGrain<IShopPolicyGrain>(ShopId);

    public static string Unique(string prefix) => $"{prefix}-{Interlocked.Increment(ref _sequence)}-{Guid.NewGuid():N}";

    public static string NewEventId() => Unique("evt");

    public static string NewRefundId() => Unique("refund");

    // ---- events ----

    public OrderPaidEvent PaidEvent(decimal amount, string eventId) => new()
    {
        EventId = eventId, OrderId = OrderId, ShopId = ShopId, BuyerId = BuyerId,
        Lines = [new OrderLineDto("sku-1", 1, amount)], PaidAmount = amount,
    };

    public RefundRequestedEvent RequestEvent(
        string refundId, decimal amount, RefundKind kind = RefundKind.RefundOnly, RefundReason reason = RefundReason.ChangedMind) => new()
    {
        EventId = NewEventId(), OrderId = OrderId, RefundId = refundId, RefundKind = kind, Reason = reason, Amount = amount,
    };

    public RefundApprovedEvent ApproveEvent(string refundId, string? returnAddress = null) => new()
    {
        EventId = NewEventId(), OrderId = OrderId, RefundId = refundId, ReturnAddress = returnAddress,
    };

    // ---- sending ----

    public ValueTask<EventOutcome> Send(IntegratorEvent e) => Grains.Send(e);

    /// <summary>Sends and insists on acceptance, showing the refusal otherwise.</summary>
    public async Task<EventOutcome> Accept(IntegratorEvent e)
    {
        var outcome = await Send(e);
        Assert.True(outcome.Status == OutcomeStatus.Accepted, $"{e.GetType().Name} was not accepted: {outcome.Error}");
        return outcome;
    }

    public Task<EventOutcome> Pay(decimal amount) => Accept(PaidEvent(amount, NewEventId()));

    public Task<EventOutcome> Ship() =>
        Accept(new OrderShippedEvent { EventId = NewEventId(), OrderId = OrderId, TrackingNumber = "SF-OUT-1" });

    public Task<EventOutcome> Deliver() => Accept(new OrderDeliveredEvent { EventId = NewEventId(), OrderId = OrderId });

    /// <summary>Pays, ships and delivers: the order is in the Received phase.</summary>
    public async Task PayAndDeliver(decimal amount)
    {
        await Pay(amount);
        await Ship();
        await Deliver();
    }

    /// <summary>Files a refund and returns its id.</summary>
    public async Task<string> RequestRefund(
        decimal amount, RefundKind kind = RefundKind.RefundOnly, RefundReason reason = RefundReason.ChangedMind)
    {
        var refundId = NewRefundId();
        await Accept(RequestEvent(refundId, amount, kind, reason));
        return refundId;
    }

    public async Task SetPolicy(ShopPolicy policy)
    {
        var error = await Policy.Set(policy, "tests");
        Assert.Null(error);
    }

    // ---- reading ----

    public async Task<RefundView> RefundView(string refundId) =>
        await Order.GetRefundView(refundId) ?? throw new InvalidOperationException($"Refund {refundId} does not exist.");

    public async Task<OrderView> OrderView() =>
        await Order.GetView() ?? throw new InvalidOperationException($"Order {OrderId} does not exist.");

    public Task<RefundView> WaitForRefund(string refundId, Func<RefundView, bool> until, string what) =>
        Wait.Until(() => RefundView(refundId), until, what);

    public Task<OrderView> WaitForOrder(Func<OrderView, bool> until, string what) => Wait.Until(OrderView, until, what);

    /// <summary>The order's money after a refund of <paramref name="amount"/> settled with it.</summary>
    public Task<OrderView> WaitForRefunded(decimal amount) =>
        WaitForOrder(o => o.RefundedAmount == amount && o.ReservedAmount == 0, $"order refunded {amount}");
}
