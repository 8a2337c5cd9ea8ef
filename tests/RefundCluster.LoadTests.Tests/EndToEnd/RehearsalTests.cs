namespace RefundCluster.LoadTests.Tests.EndToEnd;

/// <summary>The compressed-clock rehearsal: refunds left to 48-hour platform timers are refunded by them, and the audit checks each.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class RehearsalTests
{
    [Fact]
    public async Task Every_refund_left_to_a_platform_timer_is_refunded_by_it()
    {
        // Every order refunded, every refund left to a timer; 7200x: 48 hours pass in 24 seconds.
        var options = LoadTestOptions.Parse([
            "--scenario", "double11", "--rehearsal", "--time-scale", "7200", "--rate", "20", "--duration", "2", "--warmup", "0",
            "--shops", "4", "--no-ceilings",
            "--mix", "refund=1,zero_second=0,in_transit=0,return_and_refund=0,dispute=0,seller_silence=1,return_silence=1"]);
        using var console = new StringWriter();

        var report = await LoadTestRun.Execute(options, console, TestContext.Current.CancellationToken);

        Assert.Equal(0, report.Steps.Sum(s => s.Errors));
        Assert.NotNull(report.Audit);
        Assert.True(report.Audit.Passed, string.Join(Environment.NewLine, report.Audit.Failures) + console);
        Assert.Contains("40 refunds left to platform timers", console.ToString());
    }
}
