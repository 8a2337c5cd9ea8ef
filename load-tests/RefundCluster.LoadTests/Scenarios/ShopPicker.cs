namespace RefundCluster.LoadTests.Scenarios;

/// <summary>
/// Which shop an iteration's order belongs to (<c>--shops N --shop-skew S</c>): round-robin over the shops when S is 0
/// (the default), else Zipf-distributed, shop k (from 0) weighted 1/(k+1)^S, as on Double 11 when a few hot shops take
/// most of the orders and their aggregators become hot grains. Deterministic per iteration (a hash of its number), so
/// a run can be repeated.
/// </summary>
public sealed class ShopPicker
{
    private readonly double[]? _cumulative;

    public ShopPicker(int shops, double skew = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shops, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(skew);
        Count = shops;
        Skew = skew;
        if (skew > 0)
        {
            _cumulative = new double[shops];
            var total = 0.0;
            for (var k = 0; k < shops; k++)
            {
                total += 1 / Math.Pow(k + 1, skew);
                _cumulative[k] = total;
            }

            for (var k = 0; k < shops; k++)
            {
                _cumulative[k] /= total;
            }
        }
    }

    public int Count { get; }

    public double Skew { get; }

    /// <summary>The shop index (0 … Count − 1) of iteration <paramref name="iteration"/>.</summary>
    public int IndexOf(long iteration)
    {
        if (_cumulative is null)
        {
            return (int)(iteration % Count);
        }

        var index = Array.BinarySearch(_cumulative, Uniform(iteration));
        return Math.Min(index >= 0 ? index : ~index, Count - 1);
    }

    /// <summary>The id of iteration <paramref name="iteration"/>'s shop in run <paramref name="runId"/>.</summary>
    public string ShopOf(string runId, long iteration) => Id(runId, IndexOf(iteration));

    /// <summary>The id of the shop with index <paramref name="index"/> in run <paramref name="runId"/>.</summary>
    public static string Id(string runId, int index) => $"shop-{runId}-{index}";

    /// <summary>The share of all orders the hottest <paramref name="top"/> shops get.</summary>
    public double ShareOfTop(int top) => _cumulative is null ? (double)Math.Min(top, Count) / Count : _cumulative[Math.Clamp(top, 1, Count) - 1];

    public string Describe() => Skew == 0
        ? $"{Count} shops"
        : $"{Count} shops, Zipf {Skew:0.##} (the hottest shop {ShareOfTop(1):P1} of orders, the top 1 % {ShareOfTop(Math.Max(1, Count / 100)):P0})";

    /// <summary>A uniform number in [0, 1) from the iteration number (SplitMix64); another salt, another draw.</summary>
    internal static double Uniform(long iteration, ulong salt = 0)
    {
        var z = unchecked((ulong)iteration + 0x9E3779B97F4A7C15UL + (salt * 0xD1B54A32D192ED03UL));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
