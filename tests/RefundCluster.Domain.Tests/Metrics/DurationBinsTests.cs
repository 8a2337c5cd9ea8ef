using CsCheck;
using RefundCluster.Domain.Metrics;

namespace RefundCluster.Domain.Tests.Metrics;

public sealed class DurationBinsTests
{
    [Fact]
    public void Short_durations_are_exact() =>
        Assert.All(Enumerable.Range(0, 128), s => Assert.Equal(s, DurationBins.Floor(s)));

    [Fact]
    public void A_bin_reports_at_most_the_value_and_loses_less_than_one_sixty_fourth() =>
        Gen.Long[0, 400L * 24 * 3600].Sample(seconds =>
        {
            var floor = DurationBins.Floor(seconds);
            Assert.InRange(floor, seconds - (seconds / 64), seconds);
            Assert.Equal(floor, DurationBins.Floor(floor));
        });

    [Fact]
    public void Bins_are_monotonic() =>
        Gen.Long[0, 1L << 40].Sample(a => Assert.True(DurationBins.BinOf(a) <= DurationBins.BinOf(a + 1)));
}
