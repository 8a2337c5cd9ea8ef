namespace RefundCluster.Domain.Common;

/// <summary>One transition as people read it: when, who, what, and the detail that matters (amount, reason, deadline).</summary>
/// <param name="Credential">The API credential whose request it was; null for the platform's own timers.</param>
public sealed record HistoryEntry(DateTimeOffset At, Actor Actor, string Action, string? Detail, string? Credential = null);
