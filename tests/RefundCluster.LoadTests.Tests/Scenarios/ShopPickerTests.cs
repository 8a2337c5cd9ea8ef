using RefundCluster.LoadTests.Scenarios;

namespace RefundCluster.LoadTests.Tests.Scenarios;

/// <summary>The shop data feed: even round-robin by default, Zipf-distributed hot shops with a skew, the same on every run.</summary>
public sealed class ShopPickerTests
{
    private const int Draws = 200_000;

    [Fact]
    public void Without_skew_the_shops_take_turns()
    {
        var picker = new ShopPicker(7);

        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 0, 1], Enumerable.Range(0, 9).Select(i => picker.IndexOf(i)));
        Assert.Equal("shop-run-3", picker.ShopOf("run", 10));
        Assert.Equal("7 shops", picker.Describe());
    }

    [Fact]
    public void With_skew_shops_are_drawn_by_their_zipf_weight()
    {
        var picker = new ShopPicker(1000, skew: 1.0);

        var counts = new int[1000];
        for (var i = 0L; i < Draws; i++)
        {
            counts[picker.IndexOf(i)]++;
        }

        // Harmonic number H(1000) = 7.4855: shop k gets 1/((k+1) H), the top 10 together H(10)/H(1000).
        Assert.Equal(1 / 7.4855, (double)counts[0] / Draws, 0.005);
        Assert.Equal(0.5 / 7.4855, (double)counts[1] / Draws, 0.005);
        Assert.Equal(2.928968 / 7.4855, (double)counts.Take(10).Sum() / Draws, 0.01);
        Assert.Equal(2.928968 / 7.4855, picker.ShareOfTop(10), 1e-3);
        Assert.True(counts.Count(c => c > 0) > 900, "the tail is reached too");
        Assert.Contains("Zipf 1", picker.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_iteration_always_gets_the_same_shop()
    {
        var (a, b) = (new ShopPicker(50, 1.2), new ShopPicker(50, 1.2));

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => a.IndexOf(i)), Enumerable.Range(0, 1000).Select(i => b.IndexOf(i)));
        Assert.All(Enumerable.Range(0, 1000), i => Assert.InRange(a.IndexOf(i), 0, 49));
    }

    [Fact]
    public void The_option_sets_the_skew_of_every_scenario()
    {
        var options = LoadTestOptions.Parse(["--scenario", "lifecycle", "--shops", "100", "--shop-skew", "1.1"]);

        Assert.Equal(1.1, options.ShopSkew);
        Assert.Contains("Zipf 1.1", options.CreateScenario("r").Description, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LoadTestOptions.Parse(["--shop-skew", "-1"]));
    }
}
