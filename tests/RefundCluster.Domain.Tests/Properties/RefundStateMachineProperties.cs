using CsCheck;

namespace RefundCluster.Domain.Tests.Properties;

/// <summary>Random command sequences (with random time advances and random policies) against a random paid order.</summary>
public sealed class RefundStateMachineProperties
{
    private const long Iterations = 4000;

    private static readonly Gen<(RefundWorld, RefundStep[])> Scenarios = Gen.Select(RefundGenerators.World, RefundGenerators.Steps);

    [Fact]
    public void Invariants_hold_after_every_command() =>
        Scenarios.Sample((world, steps) => Run(world, steps), iter: Iterations,
            print: t => $"{t.Item1}\n  steps: {string.Join(", ", t.Item2.Select(s => s.ToString()))}");

    private static void Run(RefundWorld world, RefundStep[] steps)
    {
        var order = world.Order();
        var refund = RefundDriver.Start(order, world.Policy);
        var request = refund.Try(new RequestRefund(RefundDriver.RefundId, world.Kind, world.Reason, world.Amount, world.FiledBy));
        if (request.IsError)
        {
            // The only requests the generator may produce that are refused: agent filing in a shop that disabled it,
            // and a no-fault reason where it is no right (7天无理由 as anything but a return; special categories).
            Assert.Contains(request.Error!.Code, (string[])["refund.agent_filing_disabled", "refund.no_reason_requires_return", "refund.no_reason_not_available"]);
            Assert.Null(refund.StateOrNull);
            return;
        }

        CheckInvariants(world, refund, null, replay: true);
        foreach (var step in steps)
        {
            var before = refund.State;
            refund.At(RefundGenerators.When(step, before, refund.Now));
            var decision = refund.Try(RefundGenerators.Command(step, before));

            if (decision.IsError)
            {
                Assert.Empty(decision.Events);
                Assert.Same(before, refund.State);
            }

            CheckInvariants(world, refund, before);
        }

        CheckInvariants(world, refund, refund.State, replay: true);
    }

    private static void CheckInvariants(RefundWorld world, RefundDriver refund, RefundState? previous, bool replay = false)
    {
        var state = refund.State;
        var payouts = refund.Events.OfType<RefundExecuted>().ToList();
        var refunded = payouts.Sum(p => p.Amount);

        // Money: at most one payout, never above what was paid or first requested, and the state agrees with the events.
        Assert.True(payouts.Count <= 1, "more than one payout");
        Assert.True(refunded <= world.Paid, $"refunded {refunded} > paid {world.Paid}");
        // (An exchange turned into a refund asks for its money only then: its first request carried none.)
        var converted = refund.Events.OfType<ExchangeConvertedToRefund>().SingleOrDefault();
        Assert.True(refunded <= (converted?.Amount ?? world.Amount), $"refunded {refunded} > requested {world.Amount}");
        Assert.True(state.RefundedAmount <= state.RequestedAmount, $"refunded {state.RefundedAmount} > current request {state.RequestedAmount}");
        Assert.Equal(refunded, state.RefundedAmount);
        Assert.True(state.MovesMoney || refunded == 0m, "a replacement request paid money");

        // A judgment for the buyer pays a return only once the goods were sent back.
        // (An offer the buyer accepts, paid with Actor.Buyer, lets the buyer keep the goods: that is no judgment.)
        if (state.Kind == RefundKind.ReturnAndRefund && state.JudgmentWinner == JudgmentWinner.Buyer && payouts is [{ Actor: not Actor.Buyer }]
            && state.StatusBeforeRefusal == RefundStatus.WaitingSellerAgree)
        {
            Assert.NotNull(state.ReturnTrackingNumber);
        }

        // Terminal states are final.
        if (previous is { IsTerminal: true })
        {
            Assert.Equal(previous.Status, state.Status);
            Assert.Equal(previous.RefundedAmount, state.RefundedAmount);
            Assert.Equal(previous.Outcome, state.Outcome);
            Assert.Equal(previous.EndedAt, state.EndedAt);
        }

        // Event sourcing: replaying everything gives the state folded step by step (checked when the refund ends and
        // after the last step; replaying after every step would make the property quadratic for no extra power).
        if (replay || (state.IsTerminal && previous is { IsTerminal: false }))
        {
            StateEquivalence.AssertEquivalent(state, RefundStateMachine.Replay(refund.Events)!);
        }

        Assert.Equal(refund.Events.Count, state.Version);
        Assert.Equal(refund.Events.Count, state.History.Count);

        // Liveness: an open refund always waits on someone, and on a timer unless an actor must act with no platform timer defined.
        if (!state.IsTerminal)
        {
            Assert.NotNull(state.WaitingOn);
            var timerless = (state.Status == RefundStatus.WaitingReplacement && state.ReplacementOverdue)
                            || (state.Status == RefundStatus.PlatformReview && state.JudgmentOverdue);
            Assert.True(timerless || !state.Deadlines.IsEmpty, $"{state.Status} has no pending deadline");
        }
        else
        {
            Assert.Null(state.WaitingOn);
            Assert.Null(state.PendingOffer);
            Assert.All(state.Deadlines.Keys, k => Assert.Equal(DeadlineKind.AppealWindow, k));
        }
    }
}
