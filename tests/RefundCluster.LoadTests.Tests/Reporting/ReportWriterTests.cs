using System.Text.Json;
using RefundCluster.LoadTests.Reporting;

namespace RefundCluster.LoadTests.Tests.Reporting;

public sealed class ReportWriterTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "refundcluster-report-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Writes_the_three_files_into_a_new_directory()
    {
        var report = SampleReports.Run();
        var directory = Path.Combine(_root, "nested", "run-1");

        var paths = ReportWriter.Write(report, directory);

        Assert.Equal(["report.json", "report.md", "report.html"], paths.Select(Path.GetFileName));
        Assert.All(paths, p => Assert.True(File.Exists(p), p));
        Assert.All(paths, p => Assert.Equal(Path.GetFullPath(directory), Path.GetDirectoryName(p)));

        using var json = JsonDocument.Parse(File.ReadAllText(paths[0]));
        Assert.Equal("refund-burst", json.RootElement.GetProperty("scenario").GetString());
        Assert.Equal(MarkdownReport.Render(report), File.ReadAllText(paths[1]));
        Assert.Equal(HtmlReport.Render(report), File.ReadAllText(paths[2]));
        Assert.NotEqual(0xEF, File.ReadAllBytes(paths[2])[0]); // no BOM
    }

    [Fact]
    public void Overwrites_an_existing_report()
    {
        ReportWriter.Write(SampleReports.Run("first"), _root);

        var paths = ReportWriter.Write(SampleReports.Run("second"), _root);

        Assert.Contains("# Load test: second", File.ReadAllText(paths[1]), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
