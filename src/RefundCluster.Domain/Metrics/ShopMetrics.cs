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
    /// <summary>Refunds requested in the window by the first reason the buyer gave (a later change of reason does not move them).</summary>
    public ImmutableDictionary<RefundReason, long> RefundsByFirstReason { get; init; } = ImmutableDictionary<RefundReason, long>.Empty;
    /// <summary>Refunds requested in the window by SKU: the top ones and the rest.</summary>
    public SkuBreakdown RefundsBySku { get; init; } = SkuBreakdown.Empty;
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
    /// <summary>
    /// 退款处理时长: seconds from the request to the seller's side's first answer (approval, refusal, offer, or an
    /// automatic refund for the shop), by group, counted when the answer came; kept apart from completion (seed 000).
    /// </summary>
    public ImmutableDictionary<CompletionGroup, CompletionStats> Response { get; init; } = ImmutableDictionary<CompletionGroup, CompletionStats>.Empty;

    // The rates, as defined once in the indicator table.
    public double? RefundRate => Indicators.RefundRate.ValueOf(this);

    public double? RefusalRate => Indicators.RefusalRate.ValueOf(this);

    public double? SelfCompletionRate => Indicators.SelfCompletionRate.ValueOf(this);

    public double? DisputeRefundRate => Indicators.DisputeRefundRate.ValueOf(this);

    public double? HelpRequestRate => Indicators.HelpRequestRate.ValueOf(this);

    public double? FirstQualityRefundRate => Indicators.FirstQualityRefundRate.ValueOf(this);

    public double? InterceptionSuccessRate => Indicators.InterceptionSuccessRate.ValueOf(this);

    public double? AutomaticShare => Indicators.AutomaticShare.ValueOf(this);

    public double? ClosedByTimerShare => Indicators.ClosedByTimerShare.ValueOf(this);

    public double? ZeroSecondShare => Indicators.ZeroSecondShare.ValueOf(this);

    public double? PriceDifferenceShare => Indicators.PriceDifferenceShare.ValueOf(this);

    public static double? Ratio(long numerator, long denominator) => denominator == 0 ? null : (double)numerator / denominator;
}
