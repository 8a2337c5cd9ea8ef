using System.Globalization;
using System.Text;

namespace RefundCluster.LoadTests.Reporting;

/// <summary>
/// Writes the report folder: <c>report.json</c>, <c>report.md</c>, a self-contained <c>report.html</c>, the per-second
/// series as <c>timeline.csv</c> (for a spreadsheet or to overlay on other graphs) and a <c>latency-*.hgrm</c>
/// percentile spectrum for the run, each step and each request kind; with health samples, <c>health.csv</c>.
/// </summary>
public static class ReportWriter
{
    public const string JsonFileName = "report.json";
    public const string MarkdownFileName = "report.md";
    public const string HtmlFileName = "report.html";
    public const string TimelineFileName = "timeline.csv";
    public const string HealthFileName = "health.csv";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Creates <paramref name="directory"/> if needed, (over)writes the three files and returns their full paths.</summary>
    public static IReadOnlyList<string> Write(RunReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);

        var root = Directory.CreateDirectory(directory).FullName;
        (string Name, string Content)[] files =
        [
            (JsonFileName, JsonReport.Render(report)),
            (MarkdownFileName, MarkdownReport.Render(report)),
            (HtmlFileName, HtmlReport.Render(report)),
            (TimelineFileName, TimelineCsv(report.Timeline)),
            .. report.Spectra.Select(s => ($"latency-{FileSafe(s.Name)}.hgrm", s.Hgrm)),
            .. report.Health.Count > 0 ? [(HealthFileName, HealthCsv(report.Health))] : Array.Empty<(string, string)>(),
        ];

        var paths = new List<string>(files.Length);
        foreach (var (name, content) in files)
        {
            var path = Path.Combine(root, name);
            File.WriteAllText(path, content, Utf8NoBom);
            paths.Add(path);
        }

        return paths;
    }

    /// <summary>One row per second of the run: its target rate, what was answered, and the latency of that second's answers.</summary>
    public static string TimelineCsv(IReadOnlyList<TimelinePoint> timeline)
    {
        var csv = new StringBuilder("second,target_rate,throughput,iterations,errors,rejected,p50_ms,p99_ms\n");
        foreach (var p in timeline)
        {
            csv.AppendLine(CultureInfo.InvariantCulture, $"{p.Second:0.###},{p.TargetRate:0.###},{p.Throughput:0.###},{p.Iterations:0.###},{p.Errors},{p.Rejected},{p.P50Ms:0.###},{p.P99Ms:0.###}");
        }

        return csv.ToString();
    }

    /// <summary>One row per health sample (<c>--health-every</c>); an empty cell is a figure the target did not export.</summary>
    public static string HealthCsv(IReadOnlyList<Measuring.HealthSample> samples)
    {
        var csv = new StringBuilder("second,working_set_mb,gc_heap_mb,gen2_collections,activations,thread_pool_queue,connections,answers,p99_ms\n");
        foreach (var s in samples)
        {
            csv.AppendLine(CultureInfo.InvariantCulture,
                $"{s.At.TotalSeconds:0.###},{s.WorkingSetMb:0.###},{s.GcHeapMb:0.###},{s.Gen2Collections},{s.Activations},{s.ThreadPoolQueue},{s.Connections},{s.Requests},{s.P99Ms:0.###}");
        }

        return csv.ToString();
    }

    private static string FileSafe(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_'));
}
