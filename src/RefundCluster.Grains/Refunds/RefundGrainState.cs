using System.Text.Json.Serialization;
using RefundCluster.Domain.Refunds;
using RefundCluster.Grains.Metrics;
using RefundCluster.Grains.Payouts;

namespace RefundCluster.Grains.Refunds;

public sealed class RefundGrainState : EntityGrainState<RefundState>, IShopScopedState, IPayoutOutboxState
{
    [JsonIgnore]
    public string? ShopId => Entity?.ShopId;

    /// <summary>The ended refund's money has been settled with (or released back to) its order.</summary>
    public bool OrderSettled { get; set; }

    /// <summary>The money the refund sends back has a row in the payout table.</summary>
    public bool PayoutRecorded { get; set; }

    /// <summary>Set for the one write that makes the refund end refunded, when the storage records it with the state.</summary>
    [JsonIgnore]
    public PayoutRequest? PayoutToRecord { get; set; }
}
