using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using static RefundCluster.LoadTests.Reporting.ReportFormat;

namespace RefundCluster.LoadTests.Reporting;

internal readonly record struct ChartPoint(double X, double Y);

/// <summary>One line of a line chart; points with a non-finite Y break the line.</summary>
internal sealed record LineSeries(string Name, string Color, IReadOnlyList<ChartPoint> Points, bool Dashed = false);

/// <summary>One layer of a stacked bar chart: a value per bar position.</summary>
internal sealed record BarLayer(string Name, string Color, IReadOnlyList<double> Values);

/// <summary>A labelled bar of a category bar chart.</summary>
internal sealed record CategoryBar(string Label, double Value, string Color);

/// <summary>A labelled vertical line (a step starting) and, optionally, a shaded span up to <see cref="Until"/>.</summary>
internal sealed record ChartMarker(double X, string Label, double? Until = null);

/// <summary>
/// Tiny inline-SVG charts (line, stacked bars over a numeric axis, category bars) with axes, ticks, grid and legend.
/// No script, no external resource, no namespace URI: the markup is meant to sit inside an HTML5 document, whose
/// stylesheet styles the <c>chart-*</c> classes. Every piece of text is HTML-encoded.
/// </summary>
internal static class SvgChart
{
    private const double Width = 880;
    private const double Height = 300;
    private const double Left = 64;
    private const double Right = 20;
    private const double Top = 40;
    private const double Bottom = 44;
    private const double PlotWidth = Width - Left - Right;
    private const double PlotHeight = Height - Top - Bottom;

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? text) => Encoder.Encode(text ?? "");

    public static string Line(string title, string xLabel, string yLabel, IReadOnlyList<LineSeries> series,
        (double Min, double Max)? xRange = null, IReadOnlyList<ChartMarker>? markers = null)
    {
        var finite = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        if (finite.Count == 0)
        {
            return Empty(title);
        }

        var (x0, x1) = xRange ?? (finite.Min(p => p.X), finite.Max(p => p.X));
        var y = YScale(finite.Max(p => p.Y));
        var svg = Open(title);
        Legend(svg, series.Select(s => (s.Name, s.Color, s.Dashed)));
        Axes(svg, x0, x1, y, xLabel, yLabel, markers);

        foreach (var s in series)
        {
            foreach (var segment in Segments(s.Points))
            {
                if (segment.Count == 1)
                {
                    svg.Append("<circle r=\"2.5\" fill=\"").Append(s.Color).Append("\" cx=\"").Append(Coord(X(segment[0].X, x0, x1)))
                        .Append("\" cy=\"").Append(Coord(Y(segment[0].Y, y.Max))).Append("\"/>\n");
                    continue;
                }

                var points = string.Join(' ', segment.Select(p => $"{Coord(X(p.X, x0, x1))},{Coord(Y(p.Y, y.Max))}"));
                svg.Append("<polyline class=\"chart-line\" fill=\"none\" stroke=\"").Append(s.Color).Append('"')
                    .Append(s.Dashed ? " stroke-dasharray=\"6 4\"" : "").Append(" points=\"").Append(points).Append("\"/>\n");
            }
        }

        return Close(svg);
    }

    /// <summary>Stacked bars centred on <paramref name="x"/>, each <paramref name="barWidth"/> wide in x units.</summary>
    public static string StackedBars(string title, string xLabel, string yLabel, IReadOnlyList<double> x, double barWidth,
        IReadOnlyList<BarLayer> layers, (double Min, double Max)? xRange = null, IReadOnlyList<ChartMarker>? markers = null)
    {
        if (x.Count == 0)
        {
            return Empty(title);
        }

        var totals = Enumerable.Range(0, x.Count).Select(i => layers.Sum(l => Positive(l.Values, i))).ToList();
        var (x0, x1) = xRange ?? (x.Min() - barWidth / 2, x.Max() + barWidth / 2);
        var y = YScale(totals.Max());
        var svg = Open(title);
        Legend(svg, layers.Select(l => (l.Name, l.Color, false)));
        Axes(svg, x0, x1, y, xLabel, yLabel, markers);

        var pixelWidth = Math.Max(1, barWidth / (x1 - x0) * PlotWidth * 0.85);
        for (var i = 0; i < x.Count; i++)
        {
            var centre = X(x[i], x0, x1);
            var stacked = 0.0;
            foreach (var layer in layers)
            {
                var value = Positive(layer.Values, i);
                if (value <= 0)
                {
                    continue;
                }

                var top = Y(stacked + value, y.Max);
                var bottom = Y(stacked, y.Max);
                svg.Append("<rect fill=\"").Append(layer.Color).Append("\" x=\"").Append(Coord(centre - pixelWidth / 2))
                    .Append("\" y=\"").Append(Coord(top)).Append("\" width=\"").Append(Coord(pixelWidth))
                    .Append("\" height=\"").Append(Coord(Math.Max(0.5, bottom - top))).Append("\"><title>")
                    .Append(Encode($"{layer.Name} @ {Number(x[i])}: {Number(value)}")).Append("</title></rect>\n");
                stacked += value;
            }
        }

        return Close(svg);
    }

    /// <summary>One bar per category, labelled with its value.</summary>
    public static string Categories(string title, string yLabel, IReadOnlyList<CategoryBar> bars, Func<double, string> valueLabel,
        IReadOnlyList<(string Name, string Color)>? legend = null)
    {
        if (bars.Count == 0)
        {
            return Empty(title);
        }

        var y = YScale(bars.Max(b => double.IsFinite(b.Value) ? b.Value : 0));
        var svg = Open(title);
        if (legend is { Count: > 0 })
        {
            Legend(svg, legend.Select(l => (l.Name, l.Color, false)));
        }

        YAxis(svg, y, yLabel);
        svg.Append("<line class=\"chart-axis\" x1=\"").Append(Coord(Left)).Append("\" y1=\"").Append(Coord(Top + PlotHeight))
            .Append("\" x2=\"").Append(Coord(Left + PlotWidth)).Append("\" y2=\"").Append(Coord(Top + PlotHeight)).Append("\"/>\n");

        var slot = PlotWidth / bars.Count;
        var barWidth = Math.Min(80, slot * 0.6);
        var maxChars = Math.Max(3, (int)(slot / 6.5));
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var value = double.IsFinite(bar.Value) ? Math.Max(0, bar.Value) : 0;
            var centre = Left + slot * (i + 0.5);
            var top = Y(value, y.Max);
            svg.Append("<rect fill=\"").Append(bar.Color).Append("\" x=\"").Append(Coord(centre - barWidth / 2)).Append("\" y=\"")
                .Append(Coord(top)).Append("\" width=\"").Append(Coord(barWidth)).Append("\" height=\"")
                .Append(Coord(Math.Max(0.5, Top + PlotHeight - top))).Append("\"><title>")
                .Append(Encode($"{bar.Label}: {valueLabel(bar.Value)}")).Append("</title></rect>\n");
            Text(svg, centre, top - 4, valueLabel(bar.Value), "middle", "chart-value");
            Text(svg, centre, Top + PlotHeight + 16, Truncate(bar.Label, maxChars), "middle", "chart-tick");
        }

        return Close(svg);
    }

    // ---- Scales and ticks.

    internal readonly record struct Scale(double Max, double Step);

    /// <summary>A y scale from zero to a "nice" maximum (1, 2, 2.5 or 5 × 10ⁿ per step, about five steps).</summary>
    internal static Scale YScale(double max)
    {
        if (!double.IsFinite(max) || max <= 0)
        {
            return new Scale(1, 0.2);
        }

        var step = NiceStep(max / 5);
        return new Scale(Math.Ceiling(max / step - 1e-9) * step, step);
    }

    internal static double NiceStep(double rough)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / magnitude;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /// <summary>A tick label: 0.25, 40, 1.5k, 2M.</summary>
    internal static string TickLabel(double value)
    {
        var inv = CultureInfo.InvariantCulture;
        value = value == 0 ? 0 : value; // never "-0"
        var abs = Math.Abs(value);
        return abs >= 1_000_000 ? (value / 1_000_000).ToString("0.##", inv) + "M"
            : abs >= 10_000 ? (value / 1_000).ToString("0.##", inv) + "k"
            : value.ToString("0.###", inv);
    }

    // ---- Drawing.

    private static StringBuilder Open(string title)
    {
        var svg = new StringBuilder();
        svg.Append("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 ").Append(Coord(Width)).Append(' ').Append(Coord(Height))
            .Append("\" preserveAspectRatio=\"xMidYMid meet\"><title>").Append(Encode(title)).Append("</title>\n");
        return svg;
    }

    private static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static string Empty(string title)
    {
        var svg = Open(title);
        Text(svg, Width / 2, Height / 2, "No data", "middle", "chart-empty");
        return Close(svg);
    }

    private static void Legend(StringBuilder svg, IEnumerable<(string Name, string Color, bool Dashed)> entries)
    {
        var x = Left;
        foreach (var (name, color, dashed) in entries)
        {
            svg.Append("<line x1=\"").Append(Coord(x)).Append("\" y1=\"16\" x2=\"").Append(Coord(x + 18)).Append("\" y2=\"16\" stroke=\"")
                .Append(color).Append("\" stroke-width=\"").Append(dashed ? "2" : "6").Append('"')
                .Append(dashed ? " stroke-dasharray=\"5 3\"" : "").Append("/>\n");
            Text(svg, x + 24, 20, name, "start", "chart-legend");
            x += 40 + name.Length * 7;
        }
    }

    private static void Axes(StringBuilder svg, double x0, double x1, Scale y, string xLabel, string yLabel, IReadOnlyList<ChartMarker>? markers)
    {
        if (markers is not null)
        {
            Markers(svg, x0, x1, markers);
        }

        YAxis(svg, y, yLabel);

        // X axis: nice ticks inside [x0, x1].
        var bottom = Top + PlotHeight;
        svg.Append("<line class=\"chart-axis\" x1=\"").Append(Coord(Left)).Append("\" y1=\"").Append(Coord(bottom)).Append("\" x2=\"")
            .Append(Coord(Left + PlotWidth)).Append("\" y2=\"").Append(Coord(bottom)).Append("\"/>\n");
        if (x1 > x0)
        {
            var step = NiceStep((x1 - x0) / 8);
            for (var t = Math.Ceiling(x0 / step - 1e-9) * step; t <= x1 + step * 1e-9; t += step)
            {
                var px = X(t, x0, x1);
                svg.Append("<line class=\"chart-axis\" x1=\"").Append(Coord(px)).Append("\" y1=\"").Append(Coord(bottom)).Append("\" x2=\"")
                    .Append(Coord(px)).Append("\" y2=\"").Append(Coord(bottom + 5)).Append("\"/>\n");
                Text(svg, px, bottom + 17, TickLabel(Math.Round(t, 9)), "middle", "chart-tick");
            }
        }

        Text(svg, Left + PlotWidth / 2, Height - 6, xLabel, "middle", "chart-label");
    }

    private static void YAxis(StringBuilder svg, Scale y, string yLabel)
    {
        for (var i = 0; i * y.Step <= y.Max + y.Step * 1e-9; i++)
        {
            var value = i * y.Step;
            var py = Y(value, y.Max);
            svg.Append("<line class=\"").Append(i == 0 ? "chart-axis" : "chart-grid").Append("\" x1=\"").Append(Coord(Left - 5)).Append("\" y1=\"")
                .Append(Coord(py)).Append("\" x2=\"").Append(Coord(Left + PlotWidth)).Append("\" y2=\"").Append(Coord(py)).Append("\"/>\n");
            Text(svg, Left - 8, py + 4, TickLabel(Math.Round(value, 9)), "end", "chart-tick");
        }

        svg.Append("<line class=\"chart-axis\" x1=\"").Append(Coord(Left)).Append("\" y1=\"").Append(Coord(Top)).Append("\" x2=\"").Append(Coord(Left))
            .Append("\" y2=\"").Append(Coord(Top + PlotHeight)).Append("\"/>\n");
        var cy = Coord(Top + PlotHeight / 2);
        svg.Append("<text class=\"chart-label\" text-anchor=\"middle\" transform=\"translate(14 ").Append(cy).Append(") rotate(-90)\">")
            .Append(Encode(yLabel)).Append("</text>\n");
    }

    private static void Markers(StringBuilder svg, double x0, double x1, IReadOnlyList<ChartMarker> markers)
    {
        foreach (var marker in markers)
        {
            if (!(marker.X >= x0 && marker.X <= x1))
            {
                continue;
            }

            var px = X(marker.X, x0, x1);
            if (marker.Until is { } until && until > marker.X)
            {
                var end = X(Math.Min(until, x1), x0, x1);
                svg.Append("<rect class=\"chart-band\" x=\"").Append(Coord(px)).Append("\" y=\"").Append(Coord(Top)).Append("\" width=\"")
                    .Append(Coord(end - px)).Append("\" height=\"").Append(Coord(PlotHeight)).Append("\"/>\n");
            }

            svg.Append("<line class=\"chart-marker\" x1=\"").Append(Coord(px)).Append("\" y1=\"").Append(Coord(Top)).Append("\" x2=\"")
                .Append(Coord(px)).Append("\" y2=\"").Append(Coord(Top + PlotHeight)).Append("\"/>\n");
            Text(svg, px + 4, Top + 11, marker.Label, "start", "chart-marker-label");
        }
    }

    private static void Text(StringBuilder svg, double x, double y, string text, string anchor, string cssClass) =>
        svg.Append("<text class=\"").Append(cssClass).Append("\" x=\"").Append(Coord(x)).Append("\" y=\"").Append(Coord(y))
            .Append("\" text-anchor=\"").Append(anchor).Append("\">").Append(Encode(text)).Append("</text>\n");

    private static double X(double x, double x0, double x1) => x1 > x0 ? Left + (x - x0) / (x1 - x0) * PlotWidth : Left + PlotWidth / 2;

    private static double Y(double y, double max) => Top + PlotHeight - Math.Clamp(y / max, 0, 1) * PlotHeight;

    private static double Positive(IReadOnlyList<double> values, int i) =>
        i < values.Count && double.IsFinite(values[i]) && values[i] > 0 ? values[i] : 0;

    private static IEnumerable<List<ChartPoint>> Segments(IReadOnlyList<ChartPoint> points)
    {
        var current = new List<ChartPoint>();
        foreach (var p in points)
        {
            if (double.IsFinite(p.X) && double.IsFinite(p.Y))
            {
                current.Add(p);
            }
            else if (current.Count > 0)
            {
                yield return current;
                current = [];
            }
        }

        if (current.Count > 0)
        {
            yield return current;
        }
    }

    private static string Truncate(string text, int maxChars) => text.Length <= maxChars ? text : text[..(maxChars - 1)] + "…";
}
