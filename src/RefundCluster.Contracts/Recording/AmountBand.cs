using System.Collections.Immutable;

namespace RefundCluster.Contracts.Recording;

/// <summary>Refunds paid out by a rule, without a person deciding, whose amount is in [<see cref="From"/>, <see cref="To"/>) yuan (<see cref="To"/> null: no upper bound).</summary>
public sealed record AmountBand(decimal From, decimal? To, long Refunds, decimal Amount)
{
    /// <summary>The bands' lower bounds, in yuan.</summary>
    public static ImmutableArray<decimal> Bounds { get; } = [0m, 20m, 50m, 200m, 500m, 1000m];

    public static int IndexOf(decimal amount)
    {
        var index = 0;
        while (index + 1 < Bounds.Length && amount >= Bounds[index + 1])
        {
            index++;
        }

        return index;
    }
}
