using System.Collections.Immutable;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Policies;

namespace RefundCluster.Domain.Refunds;

/// <summary>
/// What may be done to a refund now, found by asking the state machine itself (each candidate command is decided and
/// kept if accepted), so the list can never disagree with what a write would do. TOP exposes the same idea as
/// <c>operation_constraint</c> (for instance <c>cannot_refuse</c>).
/// </summary>
public static class RefundOperations
{
    /// <summary>One representative command per operation; the arguments only have to be valid, not meaningful.</summary>
    private static readonly (string Name, RefundCommand Command)[] Candidates =
    [
        ("confirm", new ConfirmRefund()),
        ("approve", new ApproveRefund(null)),
        ("refuse", new RefuseRefund("reason")),
        ("cancel", new CancelRefund()),
        ("modify", new ModifyRefund(null, null)),
        ("make_offer", new MakeOffer(new Offer(OfferKind.CouponCompensation, 0.01m, null))),
        ("ship_return", new ShipReturn("tracking")),
        ("request_interception", new RequestInterception(Actor.Seller)),
        ("request_intervention", new RequestIntervention()),
        ("start_intervention", new StartIntervention()),
        ("judge", new Judge(JudgmentWinner.Seller, false, null)),
        ("ship_replacement", new ShipReplacement("tracking")),
        ("receive_replacement", new ReceiveReplacement(Actor.Buyer)),
        ("convert_to_refund", new ConvertExchangeToRefund(0.01m)),
        ("file_appeal", new FileAppeal("reason")),
    ];

    public static ImmutableArray<string> Allowed(RefundState refund, OrderSnapshot order, DateTimeOffset now, ShopPolicy policy) =>
        [.. Candidates.Where(c => !RefundStateMachine.Decide(refund, c.Command, now, policy, order).IsError).Select(c => c.Name)];

    /// <summary>TOP's <c>operation_constraint</c>: <c>cannot_refuse</c> while the seller must answer but may not refuse.</summary>
    public static string? Constraint(RefundState refund, OrderSnapshot order, DateTimeOffset now, ShopPolicy policy) =>
        refund.Status == RefundStatus.WaitingSellerAgree
        && RefundStateMachine.Decide(refund, new RefuseRefund("reason"), now, policy, order).Error == Errors.RefundRefusalNotAllowed
            ? "cannot_refuse"
            : null;
}
