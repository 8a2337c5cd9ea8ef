namespace RefundCluster.Grains.Changes;

/// <summary>A change on its way to the change log, with the state write that makes it true; the log gives it its cursor.</summary>
public sealed record PendingChange(string Type, string ShopId, string OrderId, string? RefundId, int Version, DateTimeOffset At, string View);
