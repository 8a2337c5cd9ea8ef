using System.Collections.Immutable;

namespace RefundCluster.Domain.Tests.Support;

/// <summary>
/// Structural comparison of states. Records compare ImmutableDictionary/ImmutableList/ImmutableArray members by
/// reference, so those are compared by content and then swapped for shared instances before the record comparison
/// covers every other field.
/// </summary>
public static class StateEquivalence
{
    public static void AssertEquivalent(RefundState expected, RefundState actual)
    {
        Assert.Equal(expected.Deadlines.OrderBy(d => d.Key), actual.Deadlines.OrderBy(d => d.Key));
        Assert.Equal(expected.History, actual.History);
        Assert.Equal(expected.OrderSkus, actual.OrderSkus);
        Assert.Equal(expected.Messages.Select(Flat), actual.Messages.Select(Flat));
        Assert.Equal(expected.FraudSignals, actual.FraudSignals);
        Assert.Equal(Scalars(expected), Scalars(actual));
    }

    private static string Flat(RefundMessage m) => $"{m.At:O}|{m.Owner}|{m.Content}|{string.Join(' ', m.PictureUrls)}";

    public static void AssertEquivalent(OrderState expected, OrderState actual)
    {
        Assert.Equal(expected.Deadlines.OrderBy(d => d.Key), actual.Deadlines.OrderBy(d => d.Key));
        Assert.Equal(expected.ReservedRefunds.OrderBy(d => d.Key), actual.ReservedRefunds.OrderBy(d => d.Key));
        Assert.Equal(expected.SettledRefunds.OrderBy(d => d.Key), actual.SettledRefunds.OrderBy(d => d.Key));
        Assert.Equal(expected.LinePaid.OrderBy(d => d.Key), actual.LinePaid.OrderBy(d => d.Key));
        Assert.Equal(expected.RefundLines.OrderBy(d => d.Key), actual.RefundLines.OrderBy(d => d.Key));
        Assert.Equal(expected.History, actual.History);
        Assert.Equal(expected.Lines, actual.Lines);
        Assert.Equal(Scalars(expected), Scalars(actual));
    }

    private static RefundState Scalars(RefundState state) => state with
    {
        Deadlines = ImmutableDictionary<DeadlineKind, DateTimeOffset>.Empty, History = ImmutableList<HistoryEntry>.Empty,
        OrderSkus = ImmutableArray<string>.Empty, Messages = ImmutableList<RefundMessage>.Empty,
        FraudSignals = ImmutableSortedSet<FraudSignal>.Empty,
    };

    private static OrderState Scalars(OrderState state) => state with
    {
        Deadlines = ImmutableDictionary<DeadlineKind, DateTimeOffset>.Empty,
        ReservedRefunds = ImmutableDictionary<string, decimal>.Empty,
        SettledRefunds = ImmutableDictionary<string, decimal>.Empty,
        LinePaid = ImmutableDictionary<string, decimal>.Empty,
        RefundLines = ImmutableDictionary<string, string>.Empty,
        History = ImmutableList<HistoryEntry>.Empty,
        Lines = ImmutableArray<OrderLine>.Empty,
    };
}
