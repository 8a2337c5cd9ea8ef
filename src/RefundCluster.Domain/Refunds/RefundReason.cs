namespace RefundCluster.Domain.Refunds;

/// <summary>The reason a buyer picks (docs/domain.md); the first one is kept forever for 首次品退率.</summary>
public enum RefundReason
{
    // Not shipped
    ChangedMind,
    OrderedByMistake,
    OutOfStock,
    LateShipment,
    AgreedWithSeller,
    // In transit
    ParcelNotArriving,
    NoTracking,
    EmptyParcel,
    DamagedRefused,
    // Received
    SevenDayNoReason,
    QualityDefect,
    Workmanship,
    MaterialDiffers,
    NotAsDescribed,
    Counterfeit,
    ArrivedDamaged,
    MissingItems,
    WrongItem,
    Size,
    Disliked,
    PriceDrop,
    PostageRefund,
}
