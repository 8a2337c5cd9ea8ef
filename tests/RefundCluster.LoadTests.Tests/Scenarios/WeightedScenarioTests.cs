using RefundCluster.LoadTests.Scenarios;

namespace RefundCluster.LoadTests.Tests.Scenarios;

/// <summary>Several scenarios in one run: the rate split by weight, each share in its own unit, with shops of their own.</summary>
public sealed class WeightedScenarioTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void The_rate_is_split_by_weight_each_share_in_its_scenarios_unit()
    {
        var options = LoadTestOptions.Parse(["--scenario", "lifecycle=0.5,shop-queries=0.5"], NoEnvironment);
        var mix = Assert.IsType<WeightedScenario>(options.CreateScenario("r"));
        var lifecycle = Assert.IsType<LifecycleScenario>(mix.Parts[0]);

        // 1 unit/s: 0.5 lifecycle events/s (0.5 / 2.7 lifecycles) and 0.5 queries/s.
        Assert.Equal((0.5 / lifecycle.Schedule.EventsPerLifecycle) + 0.5, mix.IterationsPerRateUnit, 9);
        var share = Enumerable.Range(0, 40_000).Count(i => mix.PartOf(i) is LifecycleScenario) / 40_000.0;
        Assert.InRange(share, 0.5 / lifecycle.Schedule.EventsPerLifecycle / mix.IterationsPerRateUnit - 0.01, 0.5 / lifecycle.Schedule.EventsPerLifecycle / mix.IterationsPerRateUnit + 0.01);
        Assert.Equal("lifecycle=0.5,shop-queries=0.5", mix.Name);
        Assert.Contains("lifecycle: events", mix.RateUnit, StringComparison.Ordinal);

        // A lifecycle in the mix brings its defaults, and each scenario its own shops (a lifecycle shop has 0秒退 off).
        Assert.Equal((100, 1000), (options.Batch, options.Shops));
        Assert.Equal("shop-r-lifecycle-0", lifecycle.ShopAt(0));
    }

    [Theory]
    [InlineData("ingest=1,ingest=2", "each scenario at most once")]
    [InlineData("ingest=0,double11=1", "needs a weight above 0")]
    [InlineData("ingest=x,double11=1", "needs a weight above 0")]
    [InlineData("ingest=1,nothing=1", "unknown scenario 'nothing'")]
    public void A_mix_that_makes_no_sense_is_refused(string mix, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => LoadTestOptions.Parse(["--scenario", mix], NoEnvironment));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mix_with_lifecycles_is_an_open_model()
    {
        var error = Assert.Throws<ArgumentException>(() => LoadTestOptions.Parse(["--scenario", "lifecycle=1,ingest=1", "--profile", "closed"], NoEnvironment));
        Assert.Contains("open model", error.Message, StringComparison.Ordinal);
        Assert.IsType<IngestScenario>(LoadTestOptions.Parse(["--scenario", "ingest"], NoEnvironment).CreateScenario("r"));
    }
}
