namespace RefundCluster.Domain.Common;

/// <summary>
/// The outcome of <c>Decide</c>: either the events to apply (possibly none, for a no-op such as a deadline that
/// fires after the state moved on) or the error that refused the command. Never both.
/// </summary>
public readonly record struct Decision<TEvent>(IReadOnlyList<TEvent> Events, DomainError? Error)
{
    public bool IsError => Error is not null;

    public static Decision<TEvent> Accept(IReadOnlyList<TEvent> events) => new(events, null);

    public static Decision<TEvent> NoOp() => new([], null);

    public static Decision<TEvent> Reject(DomainError error) => new([], error);

    public static implicit operator Decision<TEvent>(DomainError error) => Reject(error);
}
