using RefundCluster.Domain.Common;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Policies;

namespace RefundCluster.Domain.Refunds;

/// <summary>
/// Collects the events of one decision while folding them, so that a later step (an automation that fires right
/// after a request) sees the state the earlier steps produced.
/// </summary>
internal sealed class RefundDecisionContext(RefundState? state, OrderSnapshot order, DateTimeOffset now, ShopPolicy policy)
{
    private readonly List<RefundEvent> _events = [];

    public RefundState State { get; private set; } = state!;
    /// <summary>The order as it is now (its logistics may have moved on since the refund was requested).</summary>
    public OrderSnapshot Order { get; } = order;
    public DateTimeOffset Now { get; } = now;
    public ShopPolicy Policy { get; } = policy;

    /// <summary>True while the decision is the intake of a request: a refund executed now is a 0-second refund.</summary>
    public bool AtIntake { get; init; }

    public RefundDecisionContext Emit(RefundEvent e)
    {
        _events.Add(e);
        State = RefundStateMachine.Apply(State, e);
        return this;
    }

    public RefundDecisionContext Schedule(DeadlineKind kind, TimeSpan after) =>
        Emit(new RefundDeadlineScheduled(Now, kind, Now + after));

    /// <summary>The platform's judgment promise, in working days.</summary>
    public RefundDecisionContext ScheduleJudgment() =>
        Emit(new RefundDeadlineScheduled(Now, DeadlineKind.PlatformJudgment,
            WorkingDays.Add(Now, Policy.Deadlines.PlatformJudgmentWorkingDays, Policy.UtcOffsetHours)));

    public RefundDecisionContext ScheduleSellerResponse() => Schedule(DeadlineKind.SellerResponse, Policy.Deadlines.SellerResponse);

    /// <summary>Money goes back: the amount awarded (a judgment may award less) unless given; less than requested is a partial refund.</summary>
    public RefundDecisionContext Execute(Actor actor, Automation automation, decimal? amount = null, RefundOutcome? outcome = null)
    {
        var paid = amount ?? State.PayableAmount;
        return Emit(new RefundExecuted(Now, actor, paid, outcome ?? (paid < State.RequestedAmount ? RefundOutcome.PartiallyRefunded : RefundOutcome.Refunded),
                automation, AtIntake, $"{State.RefundId}:payout"))
            .Schedule(DeadlineKind.AppealWindow, Policy.Deadlines.AppealWindow);
    }

    /// <summary>The replacement reached the buyer: the exchange or reship succeeds.</summary>
    public RefundDecisionContext EndReplacement(Actor actor, Automation automation) =>
        Emit(new ReplacementReceived(Now, actor, automation, State.Kind == RefundKind.Exchange ? RefundOutcome.Exchanged : RefundOutcome.Reshipped))
            .Schedule(DeadlineKind.AppealWindow, Policy.Deadlines.AppealWindow);

    public RefundDecisionContext Close(Actor actor, RefundOutcome outcome) =>
        Emit(new RefundClosed(Now, actor, outcome)).Schedule(DeadlineKind.AppealWindow, Policy.Deadlines.AppealWindow);

    public RefundDecisionContext ApproveReturn(Actor actor, Automation automation, string? address = null) =>
        Emit(new ReturnApproved(Now, actor, address ?? NullIfEmpty(Policy.ReturnAddress), automation))
            .Schedule(DeadlineKind.BuyerShipReturn, Policy.Deadlines.BuyerShipReturn);

    /// <summary>An exchange or reship is agreed: the seller now owes the replacement, on a clock.</summary>
    public RefundDecisionContext ApproveReplacement(Actor actor, Automation automation) =>
        Emit(new ReplacementApproved(Now, actor, automation)).AwaitReplacement();

    /// <summary>The seller must ship the replacement within the policy's time.</summary>
    public RefundDecisionContext AwaitReplacement() => Schedule(DeadlineKind.SellerShipReplacement, Policy.Deadlines.SellerShipReplacement);

    public Decision<RefundEvent> Done() => Decision<RefundEvent>.Accept(_events);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
