using RefundCluster.Domain.Common;
using RefundCluster.Domain.Policies;

namespace RefundCluster.Domain.Tests.Support;

/// <summary>
/// The shared half of <see cref="OrderDriver"/> and <see cref="RefundDriver"/>: a state folded from accepted events, a
/// controllable clock and a shop policy. <see cref="Do"/> insists on acceptance; <see cref="Try"/> returns the decision.
/// </summary>
public abstract class Driver<TSelf, TState, TCommand, TEvent>(DateTimeOffset now, ShopPolicy policy)
    where TSelf : Driver<TSelf, TState, TCommand, TEvent>
    where TState : class
{
    public TState? StateOrNull { get; private set; }
    public TState State => StateOrNull ?? throw new InvalidOperationException("Nothing has been applied yet.");
    public DateTimeOffset Now { get; private set; } = now;
    public ShopPolicy Policy { get; set; } = policy;
    public List<TEvent> Events { get; } = [];
    /// <summary>The events of the last accepted command.</summary>
    public IReadOnlyList<TEvent> LastEvents { get; private set; } = [];

    protected abstract Decision<TEvent> Decide(TState? state, TCommand command, DateTimeOffset now, ShopPolicy policy);

    protected abstract TState Apply(TState? state, TEvent e);

    /// <summary>Decides at the current time and applies the events if accepted.</summary>
    public Decision<TEvent> Try(TCommand command)
    {
        var decision = Decide(StateOrNull, command, Now, Policy);
        foreach (var e in decision.Events)
        {
            StateOrNull = Apply(StateOrNull, e);
            Events.Add(e);
        }

        if (!decision.IsError)
        {
            LastEvents = decision.Events;
        }

        return decision;
    }

    public TSelf Do(TCommand command)
    {
        var decision = Try(command);
        return decision.IsError ? throw new InvalidOperationException($"{command} was refused: {decision.Error}") : (TSelf)this;
    }

    public TSelf Advance(TimeSpan by) => At(Now + by);

    public TSelf At(DateTimeOffset instant)
    {
        Now = instant;
        return (TSelf)this;
    }
}
