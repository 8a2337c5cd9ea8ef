using RefundCluster.LoadTests.Scenarios;

namespace RefundCluster.LoadTests.Tests.Options;

public sealed class BatchAndLifecycleOptionsTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static LoadTestOptions Parse(params string[] args) => LoadTestOptions.Parse(args, NoEnvironment);

    [Fact]
    public void Lifecycle_defaults_to_the_issues_workload_batches_of_100_over_1000_shops()
    {
        var options = Parse("--scenario", "lifecycle");

        Assert.Equal((100, 1000), (options.Batch, options.Shops));
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.BatchWindow);
        Assert.Equal(new LifecycleSchedule(), options.Lifecycle);
        Assert.IsType<LifecycleScenario>(options.CreateScenario("r"));
    }

    [Fact]
    public void Other_scenarios_send_events_one_by_one_over_50_shops_unless_told()
    {
        Assert.Equal((0, 50), (Parse("--scenario", "ingest").Batch, Parse("--scenario", "ingest").Shops));
        Assert.Equal((25, 9), (Parse("--scenario", "double11", "--batch", "25", "--shops", "9").Batch, Parse("--scenario", "double11", "--batch", "25", "--shops", "9").Shops));
        Assert.Equal(0, Parse("--scenario", "lifecycle", "--batch", "0").Batch);
        Assert.Equal(1000, Parse("--scenario", "shop-queries", "--batch", "1000").Batch);
    }

    [Fact]
    public void Lifecycle_options_set_the_mix_delays_timer_and_window()
    {
        var options = Parse("--scenario", "lifecycle", "--lifecycle-mix", "approve=0.5,silent=0.4", "--request-delay", "0.5", "--decision-delay", "2",
            "--seller-timer", "8", "--batch-window", "10", "--silo-pid", "12,34");

        Assert.Equal(new LifecycleSchedule
        {
            Approve = 0.5, Refuse = 0.1, Silent = 0.4, RequestDelay = TimeSpan.FromSeconds(0.5), DecisionDelay = TimeSpan.FromSeconds(2), SellerTimer = TimeSpan.FromSeconds(8),
        }, options.Lifecycle);
        Assert.Equal(TimeSpan.FromMilliseconds(10), options.BatchWindow);
        Assert.Equal([12, 34], options.SiloPids);
    }

    [Fact]
    public void Lifecycle_rates_count_events_and_steps_say_so()
    {
        var options = Parse("--scenario", "lifecycle", "--rate", "6000", "--duration", "60", "--warmup", "0");

        var step = Assert.Single(options.Steps());
        Assert.Equal((6000, "constant 6000 events/s"), (step.Rate, step.Name));
        Assert.Contains("constant 6000 events/s for 60 s; events in batches of up to 100", options.DescribeProfile(), StringComparison.Ordinal);
        Assert.Equal(6000 / 2.7, step.Rate * options.CreateScenario("r").IterationsPerRateUnit, 6);
        Assert.Equal("constant 200/s", Assert.Single(Parse("--scenario", "ingest", "--warmup", "0").Steps()).Name);
    }

    [Theory]
    [InlineData("--batch", "1001")]
    [InlineData("--batch", "-1")]
    [InlineData("--shops", "0")]
    [InlineData("--batch-window", "-5")]
    [InlineData("--seller-timer", "0")]
    [InlineData("--request-delay", "-1")]
    [InlineData("--silo-pid", "abc")]
    [InlineData("--lifecycle-mix", "approve=x")]
    public void Bad_values_are_refused(string option, string value) =>
        Assert.Throws<ArgumentException>(() => Parse("--scenario", "lifecycle", option, value));

    [Fact]
    public void Batches_need_an_http_target_and_lifecycles_an_open_model()
    {
        Assert.Throws<ArgumentException>(() => Parse("--scenario", "ingest", "--batch", "10", "--target", "orleans://127.0.0.1:30000"));
        Assert.Throws<ArgumentException>(() => Parse("--scenario", "lifecycle", "--profile", "closed"));
        Assert.Equal(0, Parse("--scenario", "ingest", "--target", "orleans://127.0.0.1:30000").Batch);
    }
}
