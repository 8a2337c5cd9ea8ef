namespace RefundCluster.Domain.Common;

/// <summary>One transition as people read it: when, who, what, and the detail that matters (amount, reason, deadline).</summary>
public sealed record HistoryEntry(DateTimeOffset At, Actor Actor, string Action, string? Detail);
