namespace RefundCluster.Contracts.Changes;

/// <summary>
/// One change of an order or a refund, as the change log keeps it: its place in the log (<see cref="Cursor"/>, growing),
/// what happened (<see cref="Type"/>, named after Taobao's message topics where one exists), which entity, its version
/// after the change, when, and the entity's view after the change (the API's JSON, without the history: the log is
/// the history).
/// </summary>
[GenerateSerializer, Immutable, Alias("change.record")]
public sealed record ChangeRecord(
    [property: Id(0)] long Cursor,
    [property: Id(1)] string Type,
    [property: Id(2)] string ShopId,
    [property: Id(3)] string OrderId,
    [property: Id(4)] string? RefundId,
    [property: Id(5)] int Version,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] string View);
