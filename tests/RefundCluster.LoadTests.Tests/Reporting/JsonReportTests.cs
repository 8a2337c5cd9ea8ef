using System.Text.Json;
using RefundCluster.LoadTests.Reporting;

namespace RefundCluster.LoadTests.Tests.Reporting;

public sealed class JsonReportTests
{
    [Fact]
    public void Json_carries_the_key_figures_in_camel_case()
    {
        var report = SampleReports.Run();

        using var json = JsonDocument.Parse(JsonReport.Render(report));
        var root = json.RootElement;

        Assert.Equal("refund-burst", root.GetProperty("scenario").GetString());
        Assert.Equal("embedded (3 silos)", root.GetProperty("target").GetString());
        Assert.False(root.GetProperty("passed").GetBoolean());
        Assert.Equal(30.0, root.GetProperty("duration").GetDouble());
        Assert.Equal(SampleReports.Started, root.GetProperty("startedAt").GetDateTimeOffset());

        var steps = root.GetProperty("steps");
        Assert.Equal(2, steps.GetArrayLength());
        Assert.True(steps[0].GetProperty("warmup").GetBoolean());
        Assert.Equal(10.0, steps[0].GetProperty("duration").GetDouble());
        var steady = steps[1];
        Assert.Equal("steady-400", steady.GetProperty("name").GetString());
        Assert.Equal(387.25, steady.GetProperty("achievedRate").GetDouble());
        Assert.Equal(33, steady.GetProperty("rejected").GetInt64());
        Assert.Equal(312.4, steady.GetProperty("latency").GetProperty("p99Ms").GetDouble());
        Assert.Equal(845.0, steady.GetProperty("latency").GetProperty("p999Ms").GetDouble());
        Assert.Equal("query.status", steady.GetProperty("kinds")[1].GetProperty("kind").GetString());

        Assert.Equal(30, root.GetProperty("timeline").GetArrayLength());
        Assert.Equal(301.0, root.GetProperty("timeline")[17].GetProperty("p99Ms").GetDouble());

        var thresholds = root.GetProperty("thresholds");
        Assert.True(thresholds[0].GetProperty("passed").GetBoolean());
        Assert.False(thresholds[1].GetProperty("passed").GetBoolean());
        Assert.Equal("p99 < 250ms", thresholds[1].GetProperty("expression").GetString());

        var audit = root.GetProperty("audit");
        Assert.False(audit.GetProperty("passed").GetBoolean());
        Assert.Equal(5199, audit.GetProperty("correct").GetInt64());
        Assert.StartsWith("refund r-000417", audit.GetProperty("failures")[0].GetString(), StringComparison.Ordinal);

        var ceiling = root.GetProperty("ceilings")[0];
        Assert.Equal(15_500, ceiling.GetProperty("operationsPerSecond").GetDouble());
        Assert.Equal(0.25, ceiling.GetProperty("scenarioShare").GetDouble());
    }

    [Fact]
    public void Passed_leads_the_object_and_the_json_is_indented()
    {
        var text = JsonReport.Render(SampleReports.Run());

        using var json = JsonDocument.Parse(text);
        Assert.Equal("passed", json.RootElement.EnumerateObject().First().Name);
        Assert.Contains("\n  \"scenario\": \"refund-burst\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_without_audit_and_with_non_finite_latency_still_renders()
    {
        var report = SampleReports.Run() with { Audit = null, Timeline = [new TimelinePoint(0, 10, 0, 0, 0, double.NaN, double.NaN)] };

        using var json = JsonDocument.Parse(JsonReport.Render(report));

        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("audit").ValueKind);
        Assert.Equal("NaN", json.RootElement.GetProperty("timeline")[0].GetProperty("p50Ms").GetString());
    }
}
