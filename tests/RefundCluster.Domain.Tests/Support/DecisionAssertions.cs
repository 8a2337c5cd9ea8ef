using RefundCluster.Domain.Common;

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
}
