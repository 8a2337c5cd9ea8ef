namespace RefundCluster.Domain.Refunds;

/// <summary>Which shop automation or platform timer acted, recorded on the transition it caused.</summary>
public enum Automation
{
    None,
    ZeroSecondRefund,
    ManagedMode,
    OffHours,
    ListedSku,
    WarehouseIntercept,
    InterceptAutoRefund,
    InterceptSuccessAutoRefund,
    SmallAmount,
    AutoApproveReturn,
    AutoRefundOnReturnSigned,
    AutoRefundOnWarehouseReceived,
    /// <summary>A platform timer expired.</summary>
    Timeout,
    /// <summary>价保自动退差价. (New values go last: grain state stores enums as numbers.)</summary>
    PriceProtection,
}
