namespace RefundCluster.Domain.Common;

/// <summary>Something that happened to an order or a refund, with when and by whom.</summary>
public abstract record DomainEvent(DateTimeOffset At, Actor Actor)
{
    /// <summary>Short snake_case name used in history entries and streams.</summary>
    public abstract string Action { get; }

    /// <summary>The detail worth showing in history, if any.</summary>
    public virtual string? Detail => null;

    /// <summary>The API credential whose request caused it (null for the platform's own timers).</summary>
    public string? Credential { get; init; }

    public HistoryEntry ToHistory() => new(At, Actor, Action, Detail, Credential);
}
