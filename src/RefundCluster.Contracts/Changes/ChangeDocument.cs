using System.Text.Json;

namespace RefundCluster.Contracts.Changes;

/// <summary>
/// One change as the feed answers it: the log's record with the entity's view as JSON (a <see cref="RefundSummary"/>
/// when <see cref="RefundId"/> is set, else an <see cref="OrderSummary"/>).
/// </summary>
public sealed record ChangeDocument(
    long Cursor, string Type, string ShopId, string OrderId, string? RefundId, int Version, DateTimeOffset At, JsonElement View);
