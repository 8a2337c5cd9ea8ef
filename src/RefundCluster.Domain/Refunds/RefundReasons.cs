using System.Collections.Immutable;

namespace RefundCluster.Domain.Refunds;

/// <summary>The reason catalogue: Chinese label and the order phases in which a buyer may pick each reason.</summary>
public static class RefundReasons
{
    private static readonly Dictionary<RefundReason, (string Label, OrderPhase[] Phases)> Catalogue = new()
    {
        [RefundReason.ChangedMind] = ("不想要了", [OrderPhase.NotShipped, OrderPhase.InTransit]),
        [RefundReason.OrderedByMistake] = ("拍错/多拍", [OrderPhase.NotShipped]),
        [RefundReason.OutOfStock] = ("缺货", [OrderPhase.NotShipped]),
        [RefundReason.LateShipment] = ("未按约定时间发货", [OrderPhase.NotShipped]),
        [RefundReason.AgreedWithSeller] = ("协商一致", [OrderPhase.NotShipped, OrderPhase.InTransit, OrderPhase.Received]),
        [RefundReason.ParcelNotArriving] = ("快递一直未送到", [OrderPhase.InTransit]),
        [RefundReason.NoTracking] = ("物流无跟踪记录", [OrderPhase.InTransit]),
        [RefundReason.EmptyParcel] = ("空包裹", [OrderPhase.InTransit, OrderPhase.Received]),
        [RefundReason.DamagedRefused] = ("破损已拒签", [OrderPhase.InTransit]),
        [RefundReason.SevenDayNoReason] = ("七天无理由", [OrderPhase.Received]),
        [RefundReason.QualityDefect] = ("质量问题", [OrderPhase.Received]),
        [RefundReason.Workmanship] = ("做工问题", [OrderPhase.Received]),
        [RefundReason.MaterialDiffers] = ("材质不符", [OrderPhase.Received]),
        [RefundReason.NotAsDescribed] = ("描述不符", [OrderPhase.Received]),
        [RefundReason.Counterfeit] = ("假冒品牌", [OrderPhase.Received]),
        [RefundReason.ArrivedDamaged] = ("收到破损", [OrderPhase.Received]),
        [RefundReason.MissingItems] = ("少件/漏发", [OrderPhase.Received]),
        [RefundReason.WrongItem] = ("发错货", [OrderPhase.Received]),
        [RefundReason.Size] = ("尺码不合适", [OrderPhase.Received]),
        [RefundReason.Disliked] = ("效果不好/不喜欢", [OrderPhase.Received]),
        [RefundReason.PriceDrop] = ("价格变化/退差价", [OrderPhase.Received]),
        [RefundReason.PostageRefund] = ("退运费", [OrderPhase.Received]),
    };

    public static ImmutableHashSet<RefundReason> DefaultQualityReasons { get; } =
    [
        RefundReason.QualityDefect, RefundReason.Workmanship, RefundReason.MaterialDiffers,
        RefundReason.NotAsDescribed, RefundReason.Counterfeit, RefundReason.ArrivedDamaged,
    ];

    /// <summary>
    /// Reasons that blame nobody (7天无理由 and what amounts to it: 不喜欢, 尺码不合适): they share its 7-day window and
    /// its exclusions, so picking another no-fault reason does not dodge the rule.
    /// </summary>
    public static ImmutableHashSet<RefundReason> NoFault { get; } = [RefundReason.SevenDayNoReason, RefundReason.Size, RefundReason.Disliked];

    public static bool IsNoFault(RefundReason reason) => NoFault.Contains(reason);

    /// <summary>Reasons that put the fault on the seller (or its courier): the seller bears the return postage.</summary>
    public static ImmutableHashSet<RefundReason> SellerFault { get; } =
    [
        RefundReason.QualityDefect, RefundReason.Workmanship, RefundReason.MaterialDiffers, RefundReason.NotAsDescribed,
        RefundReason.Counterfeit, RefundReason.ArrivedDamaged, RefundReason.MissingItems, RefundReason.WrongItem,
        RefundReason.EmptyParcel, RefundReason.DamagedRefused,
    ];

    /// <summary>
    /// Who pays for sending goods back: the seller when the reason is its fault, else the buyer, whose part the
    /// order's freight insurance (运费险) pays when it has one.
    /// </summary>
    public static PostagePayer ReturnPostagePayer(RefundReason reason, bool goodsGoBack, bool freightInsurance) =>
        !goodsGoBack ? PostagePayer.None
        : SellerFault.Contains(reason) ? PostagePayer.Seller
        : freightInsurance ? PostagePayer.Insurer
        : PostagePayer.Buyer;

    public static string Label(RefundReason reason) => Catalogue[reason].Label;

    public static bool AppliesTo(RefundReason reason, OrderPhase phase) =>
        Catalogue.TryGetValue(reason, out var entry) && entry.Phases.Contains(phase);
}
