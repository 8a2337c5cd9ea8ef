using System.Collections.Immutable;

namespace RefundCluster.Contracts.Recording;

/// <summary>
/// A recording replayed through the pure core under the shop's current policy and under a candidate one, side by
/// side: the orders whose first recorded line is in [<see cref="From"/>, <see cref="To"/>), each with every line
/// recorded before <see cref="To"/>, and deadlines fired on a virtual clock up to <see cref="To"/>.
/// </summary>
public sealed record WhatIfReport
{
    public const int MaxDifferencesListed = 200;

    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public required int Orders { get; init; }
    public required long Events { get; init; }
    public required long Firings { get; init; }
    public required WhatIfSide Current { get; init; }
    public required WhatIfSide Candidate { get; init; }
    /// <summary>How many refunds end differently (status, outcome, automation or money).</summary>
    public required int DifferingRefunds { get; init; }
    /// <summary>The first <see cref="MaxDifferencesListed"/> of them, by order id.</summary>
    public required ImmutableArray<RefundDifference> Differences { get; init; }
}
