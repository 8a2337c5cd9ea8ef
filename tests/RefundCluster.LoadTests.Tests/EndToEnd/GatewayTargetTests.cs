using RefundCluster.LoadTests.Targets;

namespace RefundCluster.LoadTests.Tests.EndToEnd;

/// <summary>The double11 scenario through an Orleans client on a silo's gateway, as a .NET integrator sends events.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class GatewayTargetTests
{
    [Fact]
    public async Task A_run_through_the_client_gateway_passes_its_audit()
    {
        await using var silo = await EmbeddedTarget.Start();
        var options = LoadTestOptions.Parse([
            "--scenario", "double11", "--target", $"orleans://127.0.0.1:{silo.GatewayPort}", "--rate", "40", "--duration", "3",
            "--warmup", "1", "--shops", "5", "--no-ceilings", "--threshold", "errors<1%"]);
        using var console = new StringWriter();

        var report = await LoadTestRun.Execute(options, console, TestContext.Current.CancellationToken);

        Assert.StartsWith("Orleans gateway", report.Target, StringComparison.Ordinal);
        Assert.Equal(0, report.Steps.Sum(s => s.Errors));
        Assert.True(report.Steps.Single(s => !s.Warmup).Ok >= 100, console.ToString());
        Assert.NotNull(report.Audit);
        Assert.True(report.Audit.Passed, string.Join(Environment.NewLine, report.Audit.Failures) + console);
    }
}
