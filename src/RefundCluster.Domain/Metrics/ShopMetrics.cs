using System.Collections.Immutable;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Metrics;

/// <summary>
/// A shop's indicators over one window. Refund-side counts follow the refund's request time; end-side counts
/// (ended, self-completed, automatic, 0-second, merchant-responsible, completion times) follow its end time; disputes
/// (平台求助率) follow the moment the buyer raised them.
/// </summary>
public sealed record ShopMetrics
{
    public required MetricWindow Window { get; init; }
    public required DateTimeOffset AsOf { get; init; }
    public long PaidOrders { get; init; }
    public long Refunds { get; init; }
    public ImmutableDictionary<RefundScenario, long> RefundsByScenario { get; init; } = ImmutableDictionary<RefundScenario, long>.Empty;
    public ImmutableDictionary<RefundStatus, long> RefundsByStatus { get; init; } = ImmutableDictionary<RefundStatus, long>.Empty;
    public long Refused { get; init; }
    public long Disputes { get; init; }
    public long QualityFirstReason { get; init; }
    public long InterceptionRequests { get; init; }
    public long Intercepted { get; init; }
    /// <summary>Refunds requested in the window on which a malicious-refund pattern was seen (seed 002).</summary>
    public long FlaggedRefunds { get; init; }
    public long Ended { get; init; }
    public long SelfCompleted { get; init; }
    /// <summary>Ended by a rule rather than a person: automatic refunds plus <see cref="ClosedByTimer"/>.</summary>
    public long EndedAutomatically { get; init; }
    /// <summary>Closed by a platform timer (the buyer never shipped the return, escalated or confirmed).</summary>
    public long ClosedByTimer { get; init; }
    public long EndedZeroSecond { get; init; }
    public long MerchantResponsible { get; init; }
    public ImmutableDictionary<CompletionGroup, CompletionStats> Completion { get; init; } = ImmutableDictionary<CompletionGroup, CompletionStats>.Empty;

    /// <summary>退款率.</summary>
    public double? RefundRate => Ratio(Refunds, PaidOrders);

    /// <summary>退款拒绝率.</summary>
    public double? RefusalRate => Ratio(Refused, Refunds);

    /// <summary>退款自主完结率.</summary>
    public double? SelfCompletionRate => Ratio(SelfCompleted, Ended);

    /// <summary>纠纷退款率: merchant-responsible judgments only.</summary>
    public double? DisputeRefundRate => Ratio(MerchantResponsible, PaidOrders);

    /// <summary>平台求助率: every dispute the buyer raised in the window, withdrawn or not (seller-raised ones excluded).</summary>
    public double? HelpRequestRate => Ratio(Disputes, PaidOrders);

    /// <summary>首次品退率: by the first reason the buyer gave.</summary>
    public double? FirstQualityRefundRate => Ratio(QualityFirstReason, PaidOrders);

    /// <summary>拦截成功率.</summary>
    public double? InterceptionSuccessRate => Ratio(Intercepted, InterceptionRequests);

    /// <summary>Share of ended refunds a rule ended: automatic refunds and timer closes together.</summary>
    public double? AutomaticShare => Ratio(EndedAutomatically, Ended);

    /// <summary>The timer-close part of <see cref="AutomaticShare"/>.</summary>
    public double? ClosedByTimerShare => Ratio(ClosedByTimer, Ended);

    public double? ZeroSecondShare => Ratio(EndedZeroSecond, Ended);

    /// <summary>退差价占比: price-difference claims (价保) among the refunds requested.</summary>
    public double? PriceDifferenceShare => Ratio(RefundsByScenario.GetValueOrDefault(RefundScenario.PriceDifference), Refunds);

    public static double? Ratio(long numerator, long denominator) => denominator == 0 ? null : (double)numerator / denominator;
}
