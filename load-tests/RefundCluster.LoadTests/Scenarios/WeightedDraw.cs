namespace RefundCluster.LoadTests.Scenarios;

/// <summary>Picks an index in proportion to its weight, from a uniform number in [0, 1) (the weights' shares, cumulated once).</summary>
public sealed class WeightedDraw
{
    private readonly double[] _cumulative;

    public WeightedDraw(IReadOnlyList<double> weights)
    {
        var total = weights.Sum();
        _cumulative = new double[weights.Count];
        var running = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            running += weights[i];
            _cumulative[i] = running / total;
        }
    }

    /// <summary>The first index whose cumulative share is above <paramref name="uniform"/>.</summary>
    public int IndexOf(double uniform)
    {
        var index = Array.BinarySearch(_cumulative, uniform);
        return Math.Min(index >= 0 ? index + 1 : ~index, _cumulative.Length - 1);
    }
}
