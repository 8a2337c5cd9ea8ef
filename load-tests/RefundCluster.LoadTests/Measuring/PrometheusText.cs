using System.Globalization;

namespace RefundCluster.LoadTests.Measuring;

/// <summary>
/// A Prometheus text exposition (what a silo's <c>/metrics</c> serves), read as sums: the value of a metric family
/// added over its series, optionally only the series whose labels include one given <c>name="value"</c>.
/// </summary>
public sealed class PrometheusText
{
    private readonly List<(string Name, string Labels, double Value)> _series = [];

    private PrometheusText()
    {
    }

    public static PrometheusText Parse(string text)
    {
        var parsed = new PrometheusText();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // name{labels} value [timestamp]  or  name value [timestamp]
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var close = brace < 0 ? -1 : line.LastIndexOf('}');
            var name = brace < 0 ? line[..line.IndexOf(' ', StringComparison.Ordinal)] : line[..brace];
            var labels = brace < 0 ? "" : line[(brace + 1)..close];
            var rest = (brace < 0 ? line[name.Length..] : line[(close + 1)..]).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (rest.Length > 0 && double.TryParse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                parsed._series.Add((name, labels, value));
            }
        }

        return parsed;
    }

    /// <summary>The sum over the family's series (with <paramref name="label"/>, e.g. <c>gc_heap_generation="gen2"</c>, only those); null when it has none.</summary>
    public double? Sum(string name, string? label = null)
    {
        double? sum = null;
        foreach (var s in _series)
        {
            if (s.Name == name && (label is null || s.Labels.Contains(label, StringComparison.Ordinal)))
            {
                sum = (sum ?? 0) + s.Value;
            }
        }

        return sum;
    }
}
