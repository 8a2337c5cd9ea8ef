using RefundCluster.LoadTests.Scenarios;

namespace RefundCluster.LoadTests.Tests.Scenarios;

public sealed class Double11MixTests
{
    [Fact]
    public void Paths_follow_the_configured_shares()
    {
        var mix = new Double11Mix();
        var counts = Enumerable.Range(0, 100_000).GroupBy(n => mix.PathOf(n)).ToDictionary(g => g.Key, g => g.Count() / 100_000.0);

        Assert.Equal(0.70, counts[Double11Path.PaidOnly], tolerance: 0.005);
        Assert.Equal(0.30 * 0.40, counts[Double11Path.ZeroSecond], tolerance: 0.005);
        Assert.Equal(0.30 * 0.20, counts[Double11Path.InTransit], tolerance: 0.005);
        Assert.Equal(0.30 * 0.25, counts[Double11Path.ReturnAndRefund], tolerance: 0.005);
        Assert.Equal(0.30 * 0.15, counts[Double11Path.Dispute], tolerance: 0.005);
    }

    [Fact]
    public void The_same_iteration_always_takes_the_same_path()
    {
        var mix = Double11Mix.Parse("refund=0.5,dispute=1");
        Assert.All(Enumerable.Range(0, 1000), n => Assert.Equal(mix.PathOf(n), mix.PathOf(n)));
        Assert.Equal(0.5, mix.Refund);
        Assert.Equal(1, mix.Dispute);
    }

    [Fact]
    public void Rehearsal_adds_timer_paths_unless_they_were_set()
    {
        var mix = new Double11Mix().WithTimers();
        Assert.True(mix.SellerSilence > 0 && mix.ReturnSilence > 0);
        Assert.Contains(Enumerable.Range(0, 10_000), n => mix.PathOf(n) == Double11Path.SellerSilence);
        Assert.Contains(Enumerable.Range(0, 10_000), n => mix.PathOf(n) == Double11Path.ReturnSilence);
        Assert.DoesNotContain(Enumerable.Range(0, 10_000), n => new Double11Mix().PathOf(n) is Double11Path.SellerSilence or Double11Path.ReturnSilence);

        var onlyTimers = Double11Mix.Parse("refund=1,zero_second=0,in_transit=0,return_and_refund=0,dispute=0,seller_silence=1,return_silence=1").WithTimers();
        Assert.All(Enumerable.Range(0, 1000), n => Assert.Contains(onlyTimers.PathOf(n), new[] { Double11Path.SellerSilence, Double11Path.ReturnSilence }));
    }

    [Fact]
    public void Unknown_shares_are_refused() => Assert.Throws<ArgumentException>(() => Double11Mix.Parse("chargeback=0.1"));
}
