using System.Collections.Immutable;

namespace RefundCluster.Domain.Orders;

/// <summary>
/// What the buyer paid for each line: the order's paid amount shared out in proportion to the lines' list prices (by
/// quantity when every price is zero), to the cent, the rounding remainder on the last line, so the shares add up to
/// the paid amount exactly. A line refund never takes more than its line's share.
/// </summary>
public static class LineMoney
{
    public static ImmutableDictionary<string, decimal> Allocate(IReadOnlyList<OrderLine> lines, decimal paidAmount)
    {
        var weights = lines.Sum(l => l.Gross) is > 0 and var gross
            ? lines.Select(l => l.Gross / gross).ToList()
            : lines.Select(l => (decimal)l.Quantity / lines.Sum(x => x.Quantity)).ToList();
        var shares = ImmutableDictionary.CreateBuilder<string, decimal>(StringComparer.Ordinal);
        var given = 0m;
        for (var i = 0; i < lines.Count; i++)
        {
            var share = i == lines.Count - 1 ? paidAmount - given : decimal.Round(paidAmount * weights[i], 2, MidpointRounding.ToZero);
            shares[lines[i].LineId!] = share;
            given += share;
        }

        return shares.ToImmutable();
    }

    /// <summary>Gives every line an id: its own, or its position.</summary>
    public static IEnumerable<OrderLine> WithIds(IEnumerable<OrderLine> lines) =>
        lines.Select((l, i) => string.IsNullOrWhiteSpace(l.LineId) ? l with { LineId = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) } : l);
}
