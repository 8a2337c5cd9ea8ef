using RefundCluster.Domain.Common;

namespace RefundCluster.Contracts.Views;

[GenerateSerializer, Immutable, Alias("history.entry")]
public sealed record HistoryEntryView(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] Actor Actor,
    [property: Id(2)] string Action,
    [property: Id(3)] string? Detail,
    [property: Id(4)] string? Credential = null)
{
    public static HistoryEntryView From(HistoryEntry entry) => new(entry.At, entry.Actor, entry.Action, entry.Detail, entry.Credential);
}
