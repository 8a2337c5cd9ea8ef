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

        Assert.Equal(["report.json", "report.md", "report.html", "timeline.csv"], paths.Select(Path.GetFileName));
        Assert.All(paths, p => Assert.True(File.Exists(p), p));
        Assert.All(paths, p => Assert.Equal(Path.GetFullPath(directory), Path.GetDirectoryName(p)));

        using var json = JsonDocument.Parse(File.ReadAllText(paths[0]));
        Assert.Equal("refund-burst", json.RootElement.GetProperty("scenario").GetString());
        Assert.Equal(MarkdownReport.Render(report), File.ReadAllText(paths[1]));
        Assert.Equal(HtmlReport.Render(report), File.ReadAllText(paths[2]));
        Assert.NotEqual(0xEF, File.ReadAllBytes(paths[2])[0]); // no BOM
    }

    [Fact]
    public void Writes_the_timeline_as_csv_and_each_spectrum_as_an_hgrm_file()
    {
        var report = SampleReports.Run() with { Spectra = [new("run", "run spectrum\n"), new("kind-refund.requested", "kind spectrum\n")] };

        var paths = ReportWriter.Write(report, _root);

        var csv = File.ReadAllLines(Path.Combine(_root, "timeline.csv"));
        Assert.Equal("second,target_rate,throughput,iterations,errors,rejected,p50_ms,p99_ms", csv[0]);
        Assert.Equal(report.Timeline.Count, csv.Length - 1);
        Assert.True(report.Timeline.Count > 0);
        var first = report.Timeline[0];
        Assert.Equal(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{first.Second:0.###},{first.TargetRate:0.###},{first.Throughput:0.###},{first.Iterations:0.###},{first.Errors},{first.Rejected},{first.P50Ms:0.###},{first.P99Ms:0.###}"),
            csv[1]);
        Assert.Equal("run spectrum\n", File.ReadAllText(Path.Combine(_root, "latency-run.hgrm")));
        Assert.Equal("kind spectrum\n", File.ReadAllText(Path.Combine(_root, "latency-kind-refund.requested.hgrm")));
        Assert.Equal(6, paths.Count);
        Assert.DoesNotContain("spectrum", File.ReadAllText(Path.Combine(_root, "report.json")), StringComparison.Ordinal);
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
