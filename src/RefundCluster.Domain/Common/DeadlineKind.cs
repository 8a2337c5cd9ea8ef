namespace RefundCluster.Domain.Common;

/// <summary>The platform timers of docs/domain.md. Each kind has one expiry effect, decided by the owning state machine.</summary>
public enum DeadlineKind
{
    /// <summary>Refund requested → seller must answer, else auto-approve.</summary>
    SellerResponse,
    /// <summary>Return approved → buyer must ship, else the refund closes.</summary>
    BuyerShipReturn,
    /// <summary>Return shipped → seller must confirm receipt, else auto refund.</summary>
    SellerConfirmReceipt,
    /// <summary>Return signed → seller must refund within 48 h, else auto refund.</summary>
    RefundAfterReturnSigned,
    /// <summary>Seller refused → buyer may escalate, else the refund closes.</summary>
    BuyerEscalation,
    /// <summary>Intervention requested → platform should judge; expiry raises an overdue alert.</summary>
    PlatformJudgment,
    /// <summary>Refund ended → shop may appeal; expiry closes the window.</summary>
    AppealWindow,
    /// <summary>Order paid → must ship; expiry raises the 延迟发货 alert.</summary>
    ShipPromise,
    /// <summary>Last tracking update → expiry raises the stalled-parcel alert.</summary>
    LogisticsStall,
    /// <summary>Agent-filed refund (代客售后) → buyer must confirm, else the refund closes and its money is released.</summary>
    BuyerConfirm,
    /// <summary>Order delivered → the trade completes by itself (自动确认收货 → 交易成功) unless a refund is open.</summary>
    AutoConfirmReceipt,
    /// <summary>Exchange or reship approved → the seller must ship the replacement, else the refund is flagged overdue (the buyer may take money instead).</summary>
    SellerShipReplacement,
    /// <summary>Replacement shipped → taken as received by the buyer when it expires.</summary>
    BuyerReceiveReplacement,
}
