using System.Text.Json.Serialization;
using RefundCluster.Domain.Orders;
using RefundCluster.Grains.Deadlines;
using RefundCluster.Grains.Idempotency;
using RefundCluster.Grains.Metrics;
using RefundCluster.Grains.Payouts;

namespace RefundCluster.Grains.Orders;

/// <summary>
/// What an order grain persists, as one row: the order with its refunds, the eventIds it accepted, its next wake-up,
/// and the bookkeeping of what its storage must write with it.
/// </summary>
public sealed class OrderGrainState : IIndexedDeadlineState, IShopScopedState, IPayoutOutboxState, IRefundLocatingState, Changes.IChangeOutboxState, Recording.IRecordingOutboxState
{
    public OrderAggregate? Entity { get; set; }

    /// <summary>Stored under its earlier name, so that rows written before the rename keep their eventIds.</summary>
    [JsonPropertyName("Ledger")]
    public ProcessedEvents ProcessedEvents { get; set; } = new();

    public DateTimeOffset? IndexedDue { get; set; }

    /// <summary>Registered in the shop directory (done once, before the first write, where the storage does not record the shop).</summary>
    public bool InShopDirectory { get; set; }

    /// <summary>Refunds whose id this order has claimed (stored with it, or registered with the refund locator).</summary>
    public HashSet<string> RefundsLocated { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The refunds whose money going back has a row in the payout table.</summary>
    public HashSet<string> PayoutsRecorded { get; set; } = new(StringComparer.Ordinal);

    [JsonIgnore]
    public string? ShopId => Entity?.ShopId;

    [JsonIgnore]
    public IReadOnlyCollection<string> RefundIds => Entity is null ? [] : Entity.Refunds.Keys.ToArray();

    /// <summary>Set for the write that first stores these refunds, when the storage records refund ids with the state.</summary>
    [JsonIgnore]
    public IReadOnlyCollection<string> RefundIdsToClaim { get; set; } = [];

    /// <summary>Set for the one write that makes refunds end refunded, when the storage records payouts with the state.</summary>
    [JsonIgnore]
    public IReadOnlyList<PayoutRequest> PayoutsToRecord { get; set; } = [];

    /// <summary>Set for one write: the changes it makes true, for the change log (in the same transaction where the storage can).</summary>
    [JsonIgnore]
    public IReadOnlyList<Changes.PendingChange> ChangesToRecord { get; set; } = [];

    /// <summary>Set for one write: the inputs it accepted and the deadlines it fired, for the recording (in the same transaction where the storage can).</summary>
    [JsonIgnore]
    public IReadOnlyList<Recording.PendingInput> InputsToRecord { get; set; } = [];
}
