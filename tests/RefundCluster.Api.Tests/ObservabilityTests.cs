using System.Diagnostics;
using RefundCluster.Testing;

namespace RefundCluster.Api.Tests;

/// <summary>
/// deploy/observability against a live silo: every cluster series the Grafana dashboard and the alert rules name is on
/// the silo's <c>/metrics</c> (ASP.NET Core, Kestrel and runtime meters included), and promtool accepts the rules. The
/// load tool's own series (<c>loadtest_…</c>) are checked against the tool's live export in LoadTests.Tests.
/// </summary>
public sealed class ObservabilityTests(ClusterHost host)
{
    private readonly ApiClient _api = host.Api;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_dashboard_and_the_alert_rules_name_only_series_the_silo_exports()
    {
        // Traffic that makes every histogram record: events, a refund, a seller deadline that fires.
        await _api.SellerDeadlineDueNow(Cancel);
        await _api.Get("v1/orders/nowhere");
        var scrape = await _api.Http.GetStringAsync("metrics", Cancel);
        var exported = ObservabilityFiles.Exported(scrape);

        var panelQueries = ObservabilityFiles.DashboardQueries();
        var ruleQueries = ObservabilityFiles.RuleQueries();

        Assert.True(panelQueries.Count >= 20, $"The dashboard has {panelQueries.Count} queries.");
        Assert.True(ruleQueries.Count >= 10, $"The rules have {ruleQueries.Count} expressions.");
        var missing = panelQueries.Concat(ruleQueries).SelectMany(ObservabilityFiles.Series).Distinct()
            .Where(s => !s.StartsWith("loadtest_", StringComparison.Ordinal) && !exported.Contains(s)).ToList();
        Assert.True(missing.Count == 0, $"Named by deploy/observability but not on /metrics: {string.Join(", ", missing)}");
        // The timer's refund recorded a payout row: the backlog panel and alert read this counter.
        Assert.True(ObservabilityFiles.Total(scrape, "refundcluster_payouts_recorded_total") > 0);
        // The platform's own meters are there, not only the cluster's.
        Assert.Contains("http_server_request_duration_seconds_bucket", exported);
        Assert.Contains("kestrel_active_connections", exported);
        Assert.Contains("dotnet_gc_pause_time_seconds_total", exported);
    }

    [Fact]
    public async Task Counters_that_stay_at_zero_in_a_healthy_cluster_are_exported_from_the_start()
    {
        var scrape = await _api.Http.GetStringAsync("metrics", Cancel);

        // A missing series reads as "no data" to an alert on its rate; a zero one as 0.
        Assert.Matches(@"refundcluster_admission_shed_total\{[^}]*endpoint=""batch""[^}]*\} \d+", scrape);
        Assert.Matches(@"refundcluster_admission_timed_out_total(\{[^}]*\})? \d+", scrape);
        Assert.Matches(@"refundcluster_stream_publish_failures_total(\{[^}]*\})? \d+", scrape);
        Assert.Matches(@"refundcluster_metrics_corrections_total(\{[^}]*\})? \d+", scrape);
        Assert.Matches(@"refundcluster_payouts_failed_attempts_total(\{[^}]*\})? \d+", scrape);
    }

    [Fact]
    public async Task Promtool_accepts_the_alert_rules()
    {
        var start = new ProcessStartInfo("promtool", ["check", "rules", ObservabilityFiles.PathOf("alert-rules.yml")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var promtool = Process.Start(start)!;
        var output = await promtool.StandardOutput.ReadToEndAsync(Cancel) + await promtool.StandardError.ReadToEndAsync(Cancel);
        await promtool.WaitForExitAsync(Cancel);

        Assert.True(promtool.ExitCode == 0, output);
        Assert.Contains("SUCCESS", output);
    }
}
