using RefundCluster.Domain.Common;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Policies;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Tests.Support;

/// <summary>
/// A refund under test: state, a controllable clock, the shop policy and every accepted event, so a scenario reads as
/// a chain of commands. Each command is decided against its order (<see cref="Order"/>) as that order is at the time.
/// </summary>
public sealed class RefundDriver : Driver<RefundDriver, RefundState, RefundCommand, RefundEvent>
{
    public const string RefundId = "r-1";

    private readonly string _refundId;

    private RefundDriver(OrderDriver order, ShopPolicy policy, string refundId) : base(order.Now, policy)
    {
        Order = order;
        _refundId = refundId;
    }

    /// <summary>The refund's order; a test may move it on (logistics, delivery) between the refund's commands.</summary>
    public OrderDriver Order { get; }

    /// <summary>An empty driver (no refund yet) for tests that send the <see cref="RequestRefund"/> themselves.</summary>
    public static RefundDriver Start(OrderDriver order, ShopPolicy? policy = null, string refundId = RefundId) => new(order, policy ?? order.Policy, refundId);

    public static Decision<RefundEvent> TryRequest(OrderDriver order, RefundKind kind, RefundReason reason, decimal amount,
        Actor filedBy = Actor.Buyer, ShopPolicy? policy = null) =>
        Start(order, policy).Try(new RequestRefund(RefundId, kind, reason, amount, filedBy));

    public static RefundDriver Request(OrderDriver order, RefundKind kind, RefundReason reason, decimal amount,
        Actor filedBy = Actor.Buyer, ShopPolicy? policy = null) =>
        Start(order, policy).Do(new RequestRefund(RefundId, kind, reason, amount, filedBy));

    /// <summary>未发仅退 against a freshly paid order.</summary>
    public static RefundDriver NotShipped(decimal amount, ShopPolicy policy, decimal paid = 1000m, OrderFlags? flags = null,
        Actor filedBy = Actor.Buyer, DateTimeOffset? at = null, params string[] skus) =>
        Request(OrderDriver.Paid(paid, flags, policy, at, skus), RefundKind.RefundOnly, RefundReason.ChangedMind, amount, filedBy);

    /// <summary>已发未收仅退 against a shipped order (optionally out for delivery).</summary>
    public static RefundDriver InTransit(decimal amount, ShopPolicy policy, OrderFlags? flags = null, bool outForDelivery = false)
    {
        var order = OrderDriver.InTransit(1000m, flags, policy);
        if (outForDelivery)
        {
            order.Do(new UpdateLogistics(OutForDelivery: true));
        }

        return Request(order, RefundKind.RefundOnly, RefundReason.ParcelNotArriving, amount);
    }

    /// <summary>A request against a delivered order: received refund-only, return and refund, exchange or reship.</summary>
    public static RefundDriver Received(RefundKind kind, ShopPolicy policy, decimal amount = 100m, RefundReason reason = RefundReason.QualityDefect) =>
        Request(OrderDriver.Received(1000m, policy: policy), kind, reason, kind is RefundKind.Exchange or RefundKind.Reship ? 0m : amount);

    /// <summary>Moves the clock to the pending deadline of this kind and lets the platform timer fire.</summary>
    public RefundDriver ExpireWhenDue(DeadlineKind kind) => At(State.Deadlines[kind]).Do(new ExpireRefundDeadline(kind));

    public Decision<RefundEvent> TryExpire(DeadlineKind kind) => Try(new ExpireRefundDeadline(kind));

    // The common steps of the scenarios, named as docs/domain.md names them.
    public RefundDriver SellerApproves(string? address = "Hangzhou return centre") => Do(new ApproveRefund(address));
    public RefundDriver SellerRefuses(string reason = "item was used") => Do(new RefuseRefund(reason));
    public RefundDriver BuyerShipsReturn(string tracking = "YT-2002") => Do(new ShipReturn(tracking));
    public RefundDriver ReturnSigned() => Do(new SignReturn());
    public RefundDriver SellerOffers(OfferKind kind, decimal amount = 0m) => Do(new MakeOffer(new Offer(kind, amount, null)));
    public RefundDriver BuyerAnswers(bool accepted) => Do(new AnswerOffer(accepted));
    public RefundDriver BuyerEscalates() => SellerRefuses().Do(new RequestIntervention());

    /// <summary>Seller approves a return, buyer ships it, logistics signs it.</summary>
    public RefundDriver ReturnDelivered() => SellerApproves().BuyerShipsReturn().ReturnSigned();

    public RefundExecuted Payout => Assert.Single(Events.OfType<RefundExecuted>());

    protected override Decision<RefundEvent> Decide(RefundState? state, RefundCommand command, DateTimeOffset now, ShopPolicy policy) =>
        RefundStateMachine.Decide(state, command, now, policy, Order.Snapshot(_refundId, command is RequestRefund request ? request.LineId : state?.LineId));

    protected override RefundState Apply(RefundState? state, RefundEvent e) => RefundStateMachine.Apply(state, e);
}
