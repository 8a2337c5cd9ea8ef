using RefundCluster.Domain.Policies;

namespace RefundCluster.Domain.Metrics;

/// <summary>
/// One rate a shop is judged by: a count over a count of the same window (<see cref="ShopMetrics"/>), with its names,
/// the way it should move and the levels at which the dashboard and the series mark it. Declared once, in
/// <see cref="Indicators"/>: the rates document, the series API, the indicator list the dashboard reads and the
/// property tests all go through this table.
/// </summary>
/// <param name="Name">The wire name (the key in a metrics document's <c>rates</c>, the series' <c>indicator</c>).</param>
/// <param name="Numerator">What the numerator counts, in words (the API's indicator list).</param>
/// <param name="Denominator">What the denominator counts, in words.</param>
/// <param name="Warning">The value from which the rate is marked as a warning (toward the bad side); null: never.</param>
/// <param name="Alarm">The value from which it is marked as an alarm; null: never.</param>
public sealed record Indicator(
    string Name,
    string Zh,
    string En,
    string Numerator,
    string Denominator,
    GoodDirection Good,
    double? Warning,
    double? Alarm,
    Func<ShopMetrics, long> NumeratorOf,
    Func<ShopMetrics, long> DenominatorOf)
{
    /// <summary>The rate over the window, null when its denominator is 0.</summary>
    public double? ValueOf(ShopMetrics metrics) => ShopMetrics.Ratio(NumeratorOf(metrics), DenominatorOf(metrics));

    /// <summary>Where a value stands against the thresholds (the shop's own when it set them); no value is <see cref="IndicatorLevel.Normal"/>.</summary>
    public IndicatorLevel LevelOf(double? value, ShopPolicy? shop = null)
    {
        if (value is not { } v)
        {
            return IndicatorLevel.Normal;
        }

        var (warning, alarm) = LevelsFor(shop);
        bool Reached(double? threshold) => threshold is { } t && (Good == GoodDirection.Higher ? v <= t : v >= t);
        return Reached(alarm) ? IndicatorLevel.Alarm : Reached(warning) ? IndicatorLevel.Warning : IndicatorLevel.Normal;
    }

    /// <summary>The warning and alarm levels in force for a shop: its own (<see cref="ShopPolicy.IndicatorThresholds"/>) or the table's.</summary>
    public (double? Warning, double? Alarm) LevelsFor(ShopPolicy? shop) =>
        shop?.IndicatorThresholds.TryGetValue(Name, out var own) == true ? (own.Warning, own.Alarm) : (Warning, Alarm);
}

/// <summary>Which way a rate should move; <see cref="Neither"/> for shares that describe rather than judge.</summary>
public enum GoodDirection
{
    Lower,
    Higher,
    Neither,
}

/// <summary>A rate against its thresholds.</summary>
public enum IndicatorLevel
{
    Normal,
    Warning,
    Alarm,
}
