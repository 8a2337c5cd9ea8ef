namespace RefundCluster.Grains.Recording;

/// <summary>A recording line on its way to storage with the state write that accepted it (<see cref="Line"/>: a <see cref="Contracts.Recording.RecordedInput"/> as JSON).</summary>
public sealed record PendingInput(string ShopId, string OrderId, DateTimeOffset At, string Line);
