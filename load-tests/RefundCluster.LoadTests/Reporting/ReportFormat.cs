using System.Globalization;

namespace RefundCluster.LoadTests.Reporting;

/// <summary>Number and time formatting shared by the Markdown and HTML reports (always culture-invariant).</summary>
internal static class ReportFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public const string Dash = "–";

    /// <summary>Milliseconds with precision that suits the magnitude: 0.42, 12.3, 1,250.</summary>
    public static string Ms(double ms) =>
        !double.IsFinite(ms) ? Dash
        : Math.Abs(ms) < 10 ? ms.ToString("0.00", Inv)
        : Math.Abs(ms) < 100 ? ms.ToString("0.0", Inv)
        : ms.ToString("#,0", Inv);

    /// <summary>Operations per second: 7.5, 1,200.</summary>
    public static string Rate(double rate) =>
        !double.IsFinite(rate) ? Dash
        : Math.Abs(rate) < 100 ? rate.ToString("0.#", Inv)
        : rate.ToString("#,0", Inv);

    public static string Count(long count) => count.ToString("#,0", Inv);

    /// <summary>A threshold's measured value, whatever its unit: 0.0012, 3.25, 12,000.</summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value) || value == 0)
        {
            return value == 0 ? "0" : value.ToString(Inv);
        }

        if (Math.Abs(value) >= 1000)
        {
            return value.ToString("#,0", Inv);
        }

        if (Math.Abs(value) >= 1)
        {
            return value.ToString("0.##", Inv);
        }

        // Small ratios (error rates): four decimals, or three significant digits when even those would round to zero.
        var fixedPoint = value.ToString("0.####", Inv);
        return fixedPoint is "0" or "-0" ? value.ToString("G3", Inv) : fixedPoint;
    }

    /// <summary>A share given as a fraction (0.25) shown as a percentage (25.0 %).</summary>
    public static string Percent(double fraction) =>
        !double.IsFinite(fraction) ? Dash : (fraction * 100).ToString("0.0", Inv) + " %";

    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            return "-" + Duration(duration.Negate());
        }

        if (duration.TotalHours >= 1)
        {
            return string.Create(Inv, $"{(int)duration.TotalHours}h {duration.Minutes:00}m {duration.Seconds:00}s");
        }

        return duration.TotalMinutes >= 1
            ? string.Create(Inv, $"{duration.Minutes}m {duration.Seconds:00}s")
            : duration.TotalSeconds.ToString("0.#", Inv) + "s";
    }

    public static string Timestamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss zzz", Inv);

    public static string Verdict(bool passed) => passed ? "PASSED" : "FAILED";

    public static string Mark(bool passed) => passed ? "✓" : "✗";

    /// <summary>Coordinates for SVG: at most two decimals, no exponent, invariant.</summary>
    public static string Coord(double value) => value.ToString("0.##", Inv);

    public const int MaxAuditFailuresShown = 20;

    /// <summary>What the rates of the step tables and the throughput chart count.</summary>
    public const string UnitsNote =
        "Target and achieved rates count iterations (one arrival of the scenario: one event for ingest, a whole funnel of several " +
        "requests for double11, a query or a paid-and-refunded order for shop-queries); requests/s, counts and latencies count requests";

    /// <summary>The scenario's figure a ceiling is compared with: "1,234 requests/s", or just the unit when unknown.</summary>
    public static string Compared(CeilingReport ceiling) =>
        double.IsFinite(ceiling.ScenarioRate) ? $"{Rate(ceiling.ScenarioRate)} {ceiling.Compared}" : ceiling.Compared;
}
