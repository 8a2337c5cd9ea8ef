using System.Text;

namespace RefundCluster.LoadTests.Reporting;

/// <summary>Writes the report folder: <c>report.json</c>, <c>report.md</c> and a self-contained <c>report.html</c>.</summary>
public static class ReportWriter
{
    public const string JsonFileName = "report.json";
    public const string MarkdownFileName = "report.md";
    public const string HtmlFileName = "report.html";

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
}
