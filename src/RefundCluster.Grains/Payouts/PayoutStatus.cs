namespace RefundCluster.Grains.Payouts;

public enum PayoutStatus
{
    /// <summary>Recorded, not yet acknowledged by the payment gateway.</summary>
    Pending,

    /// <summary>The gateway acknowledged it.</summary>
    Paid,
}
