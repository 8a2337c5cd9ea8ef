using System.Collections.Frozen;
using System.Collections.Immutable;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Metrics;

/// <summary>
/// The table of shop rates (docs/domain.md, "Shop indicators"): a new rate is one row here, on counts the
/// <see cref="ShopMetrics"/> already has. Thresholds are house defaults for the dashboard's colours (the seeds give
/// no platform numbers): a rate that moves the bad way past <see cref="Indicator.Warning"/> is a warning, past
/// <see cref="Indicator.Alarm"/> an alarm.
/// </summary>
public static class Indicators
{
    public static readonly Indicator RefundRate = new("refundRate", "退款率", "refund rate",
        "refunds requested", "orders paid", GoodDirection.Lower, 0.20, 0.30, m => m.Refunds, m => m.PaidOrders);

    public static readonly Indicator RefusalRate = new("refusalRate", "退款拒绝率", "refusal rate",
        "refunds requested that the seller refused", "refunds requested", GoodDirection.Lower, 0.10, 0.20, m => m.Refused, m => m.Refunds);

    public static readonly Indicator SelfCompletionRate = new("selfCompletionRate", "退款自主完结率", "self-completion rate",
        "refunds ended without platform intervention", "refunds ended", GoodDirection.Higher, 0.95, 0.90, m => m.SelfCompleted, m => m.Ended);

    public static readonly Indicator DisputeRefundRate = new("disputeRefundRate", "纠纷退款率", "dispute refund rate",
        "refunds judged the merchant's responsibility", "orders paid", GoodDirection.Lower, 0.001, 0.003, m => m.MerchantResponsible, m => m.PaidOrders);

    public static readonly Indicator HelpRequestRate = new("helpRequestRate", "平台求助率", "help-request rate",
        "disputes the buyer raised (withdrawn ones too)", "orders paid", GoodDirection.Lower, 0.005, 0.01, m => m.Disputes, m => m.PaidOrders);

    public static readonly Indicator FirstQualityRefundRate = new("firstQualityRefundRate", "首次品退率", "first-reason quality refunds",
        "refunds whose first reason was a quality problem", "orders paid", GoodDirection.Lower, 0.02, 0.05, m => m.QualityFirstReason, m => m.PaidOrders);

    public static readonly Indicator InterceptionSuccessRate = new("interceptionSuccessRate", "拦截成功率", "interception success",
        "parcels intercepted", "interceptions asked for", GoodDirection.Higher, 0.80, 0.60, m => m.Intercepted, m => m.InterceptionRequests);

    public static readonly Indicator AutomaticShare = new("automaticShare", "自动完结占比", "automatic share",
        "refunds a rule ended (automatic refunds and timer closes)", "refunds ended", GoodDirection.Neither, null, null, m => m.EndedAutomatically, m => m.Ended);

    public static readonly Indicator ClosedByTimerShare = new("closedByTimerShare", "超时关闭占比", "closed by a timer",
        "refunds a platform timer closed", "refunds ended", GoodDirection.Neither, null, null, m => m.ClosedByTimer, m => m.Ended);

    public static readonly Indicator ZeroSecondShare = new("zeroSecondShare", "0秒退占比", "0-second share",
        "refunds paid at once (0秒退)", "refunds ended", GoodDirection.Neither, null, null, m => m.EndedZeroSecond, m => m.Ended);

    public static readonly Indicator PriceDifferenceShare = new("priceDifferenceShare", "退差价占比", "price-difference share",
        "price-difference claims (价保)", "refunds requested", GoodDirection.Lower, 0.10, 0.20,
        m => m.RefundsByScenario.GetValueOrDefault(RefundScenario.PriceDifference), m => m.Refunds);

    /// <summary>Every rate, in the order documents and the dashboard show them (declared last: fields initialise in text order).</summary>
    public static ImmutableArray<Indicator> All { get; } =
    [
        RefundRate, RefusalRate, SelfCompletionRate, DisputeRefundRate, HelpRequestRate, FirstQualityRefundRate,
        InterceptionSuccessRate, AutomaticShare, ClosedByTimerShare, ZeroSecondShare, PriceDifferenceShare,
    ];

    private static readonly FrozenDictionary<string, Indicator> ByName = All.ToFrozenDictionary(i => i.Name, StringComparer.Ordinal);

    public static bool TryFind(string? name, out Indicator indicator) => ByName.TryGetValue(name ?? "", out indicator!);
}
