using System.Collections.Immutable;

namespace RefundCluster.Contracts.Views;

public enum OutcomeStatus
{
    Accepted,
    /// <summary>The eventId was seen before: this is the first answer, replayed; nothing changed.</summary>
    Duplicate,
    Rejected,
}

/// <summary>The answer to one integrator event.</summary>
[GenerateSerializer, Immutable, Alias("event.outcome")]
public sealed record EventOutcome
{
    [Id(0)] public required string EventId { get; init; }
    [Id(1)] public required OutcomeStatus Status { get; init; }
    [Id(2)] public EventError? Error { get; init; }
    [Id(3)] public string? OrderId { get; init; }
    [Id(4)] public string? RefundId { get; init; }
    /// <summary>The order's or refund's status after the event.</summary>
    [Id(5)] public string? EntityStatus { get; init; }
    [Id(6)] public int Version { get; init; }
    /// <summary>What happened, in order: the event itself and anything automation or timers did because of it.</summary>
    [Id(7)] public ImmutableArray<string> Actions { get; init; } = [];

    public static EventOutcome Rejected(string eventId, EventError error) =>
        new() { EventId = eventId, Status = OutcomeStatus.Rejected, Error = error };
}
