using System.Collections.Immutable;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Policies;

/// <summary>
/// One shop's after-sales automation and timers. <see cref="PlatformDefault"/> is what a shop has until it changes
/// something; every field can be changed at run time.
/// </summary>
public sealed record ShopPolicy
{
    /// <summary>0秒退 / 极速退款: a not-shipped refund-only request under the cap is refunded the moment it arrives.</summary>
    public AmountCapRule ZeroSecondRefund { get; init; } = new(true, 200m);

    /// <summary>智能托管自动退: while the shop is in managed mode, not-shipped refund-only requests up to <see cref="ManagedModeCap"/> are refunded at once.</summary>
    public bool ManagedMode { get; init; }

    /// <summary>The largest amount 智能托管 refunds without a person looking; a larger request waits for the seller.</summary>
    public decimal ManagedModeCap { get; init; } = 200m;

    /// <summary>下班自动退, with its own amount cap.</summary>
    public OffHoursRule OffHoursAutoRefund { get; init; } = new(false, new TimeOnly(9, 0), new TimeOnly(18, 0));

    /// <summary>The shop's local time zone as an offset from UTC (China is +8): working hours and the 7-day window use it.</summary>
    public int UtcOffsetHours { get; init; } = 8;

    /// <summary>指定商品自动退: not-shipped refund-only requests whose order holds only these SKUs are refunded at once.</summary>
    public ImmutableHashSet<string> AutoRefundSkus { get; init; } = [];

    /// <summary>仓拦截0秒退: for warehouse-managed (菜鸟仓) orders the warehouse intercepts, so the refund is immediate.</summary>
    public bool WarehouseInterceptZeroSecond { get; init; }

    /// <summary>拦截自动退: refund as soon as interception is requested, if the parcel is not out for delivery.</summary>
    public AmountCapRule InterceptAutoRefund { get; init; } = new(false, 50m);

    /// <summary>拦截成功自动退: refund when logistics confirms the interception.</summary>
    public AmountCapRule InterceptSuccessAutoRefund { get; init; } = new(true, 50m);

    /// <summary>小额自动退: received refund-only requests under the cap are refunded at once.</summary>
    public AmountCapRule SmallAmountAutoRefund { get; init; } = new(false, 20m);

    /// <summary>价保自动退差价: price-difference claims up to the cap are refunded at once (seed 000: 店小蜜 judges and pays them).</summary>
    public AmountCapRule PriceProtectionAutoRefund { get; init; } = new(false, 50m);

    /// <summary>自动同意退货: return requests are approved at once and the buyer gets the return address.</summary>
    public bool AutoApproveReturn { get; init; }

    /// <summary>签收自动退.</summary>
    public bool AutoRefundOnReturnSigned { get; init; }

    /// <summary>ERP入仓自动退.</summary>
    public bool AutoRefundOnWarehouseReceived { get; init; }

    /// <summary>代客售后: an agent may file a refund for the buyer, who confirms it in one click.</summary>
    public bool AgentAfterSales { get; init; } = true;

    public string ReturnAddress { get; init; } = "";

    public DeadlinePolicy Deadlines { get; init; } = new();

    /// <summary>
    /// Reasons that count in 首次品退率 (<c>MetricsDefinition.Of</c>): the shop's figures, past windows and series included,
    /// follow a change of the list from the next read on, with nothing recounted.
    /// </summary>
    public ImmutableHashSet<RefundReason> QualityReasons { get; init; } = RefundReasons.DefaultQualityReasons;

    /// <summary>
    /// The shop's own warning and alarm levels, by indicator name (<c>Indicators</c>); a rate not named here keeps the
    /// table's defaults. Only how the dashboard and the API mark a rate depends on them, never a count.
    /// </summary>
    public ImmutableDictionary<string, IndicatorThresholds> IndicatorThresholds { get; init; } = ImmutableDictionary<string, IndicatorThresholds>.Empty;

    public static ShopPolicy PlatformDefault { get; } = new();
}
