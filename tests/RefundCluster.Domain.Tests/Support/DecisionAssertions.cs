using RefundCluster.Domain.Common;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Tests.Support;

public static class DecisionAssertions
{
    /// <summary>Asserts the decision was refused with this code and carries no events.</summary>
    public static void ShouldFailWith<TEvent>(this Decision<TEvent> decision, string code)
    {
        Assert.True(decision.IsError, $"Expected error '{code}' but the command was accepted with {decision.Events.Count} event(s).");
        Assert.Equal(code, decision.Error!.Code);
        Assert.Empty(decision.Events);
    }

    /// <summary>Asserts the decision is a no-op: accepted, no events.</summary>
    public static void ShouldBeNoOp<TEvent>(this Decision<TEvent> decision)
    {
        Assert.False(decision.IsError, decision.Error?.ToString());
        Assert.Empty(decision.Events);
    }

    /// <summary>The refund ended with the full requested amount paid out by this automation (or platform timer).</summary>
    public static void ShouldBeAutoRefunded(this RefundState state, Automation automation)
    {
        Assert.Equal(RefundStatus.Succeeded, state.Status);
        Assert.Equal(automation, state.EndedByAutomation);
        Assert.Equal(Actor.System, state.EndedBy);
        Assert.Equal(state.RequestedAmount, state.RefundedAmount);
    }

    /// <summary>The refund ended without money going back.</summary>
    public static void ShouldBeClosed(this RefundState state, RefundOutcome outcome, Actor endedBy)
    {
        Assert.Equal(RefundStatus.Closed, state.Status);
        Assert.Equal(outcome, state.Outcome);
        Assert.Equal(endedBy, state.EndedBy);
        Assert.Equal(0m, state.RefundedAmount);
    }
}
