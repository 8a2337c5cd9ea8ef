using System.Collections.Immutable;
using RefundCluster.Domain.Metrics;

namespace RefundCluster.Contracts.Recording;

/// <summary>One policy's replay of a recording: the shop's indicators over it, the money refunded by rules, and the events that no longer applied.</summary>
public sealed record WhatIfSide
{
    public required ShopMetrics Metrics { get; init; }
    public required int Refunds { get; init; }
    public required decimal RefundedAmount { get; init; }
    /// <summary>The money at risk: refunded by a rule (0秒退, a shop automation, a timer), with no person deciding.</summary>
    public required decimal RefundedAutomatically { get; init; }
    public required ImmutableArray<AmountBand> AutomaticByBand { get; init; }
    /// <summary>Recorded events the replayed state refused (a seller approving a refund this policy already refunded, say): skipped, never forced.</summary>
    public required long SkippedEvents { get; init; }
    public required ImmutableSortedDictionary<string, long> SkippedByCode { get; init; }
}
