using RefundCluster.Domain.Metrics;

namespace RefundCluster.Domain.Tests.Metrics;

public sealed class IndicatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 11, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_rate_has_a_unique_name_labels_both_parts_and_thresholds_on_the_bad_side_of_each_other()
    {
        Assert.Equal(Indicators.All.Length, Indicators.All.Select(i => i.Name).Distinct().Count());
        Assert.All(Indicators.All, i =>
        {
            Assert.False(string.IsNullOrWhiteSpace(i.Zh + i.En + i.Numerator + i.Denominator) || i.Zh == "" || i.En == "");
            Assert.True(Indicators.TryFind(i.Name, out var found) && ReferenceEquals(found, i));
            if (i.Good == GoodDirection.Neither)
            {
                Assert.Equal((null, null), (i.Warning, i.Alarm));
            }
            else
            {
                Assert.NotNull(i.Warning);
                Assert.NotNull(i.Alarm);
                Assert.True(i.Good == GoodDirection.Lower ? i.Alarm > i.Warning : i.Alarm < i.Warning, i.Name);
            }
        });
        Assert.False(Indicators.TryFind("refund_rate", out _));
    }

    [Theory]
    [InlineData(0.19, IndicatorLevel.Normal)]
    [InlineData(0.20, IndicatorLevel.Warning)]
    [InlineData(0.29, IndicatorLevel.Warning)]
    [InlineData(0.30, IndicatorLevel.Alarm)]
    public void A_rate_that_should_be_low_is_marked_from_its_thresholds_up(double value, IndicatorLevel level) =>
        Assert.Equal(level, Indicators.RefundRate.LevelOf(value));

    [Theory]
    [InlineData(0.99, IndicatorLevel.Normal)]
    [InlineData(0.95, IndicatorLevel.Warning)]
    [InlineData(0.90, IndicatorLevel.Alarm)]
    [InlineData(0.10, IndicatorLevel.Alarm)]
    public void A_rate_that_should_be_high_is_marked_from_its_thresholds_down(double value, IndicatorLevel level) =>
        Assert.Equal(level, Indicators.SelfCompletionRate.LevelOf(value));

    [Fact]
    public void No_value_and_descriptive_shares_are_never_marked()
    {
        Assert.Equal(IndicatorLevel.Normal, Indicators.RefundRate.LevelOf(null));
        Assert.Equal(IndicatorLevel.Normal, Indicators.ZeroSecondShare.LevelOf(1.0));
    }

    [Fact]
    public void A_rate_divides_its_numerator_by_its_denominator_and_is_null_over_nothing()
    {
        var metrics = new ShopMetrics { Window = MetricWindow.OneHour, AsOf = Now, PaidOrders = 8, Refunds = 2, Refused = 1 };

        Assert.Equal(0.25, Indicators.RefundRate.ValueOf(metrics));
        Assert.Equal(0.5, Indicators.RefusalRate.ValueOf(metrics));
        Assert.Null(Indicators.SelfCompletionRate.ValueOf(metrics));
        Assert.Equal(metrics.RefundRate, Indicators.RefundRate.ValueOf(metrics));
    }

    [Fact]
    public void A_step_starts_on_the_hour_or_at_midnight_at_the_offset()
    {
        var at = new DateTimeOffset(2026, 11, 10, 17, 42, 5, TimeSpan.Zero); // 01:42 on the 11th in Beijing
        Assert.Equal(new DateTimeOffset(2026, 11, 10, 17, 0, 0, TimeSpan.Zero), SeriesInterval.Hour.StartOf(at, TimeSpan.FromHours(8)));
        Assert.Equal(new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.FromHours(8)), SeriesInterval.Day.StartOf(at, TimeSpan.FromHours(8)));
        Assert.Equal(new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero), SeriesInterval.Day.StartOf(at, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.FromHours(-5)), SeriesInterval.Day.StartOf(at, TimeSpan.FromHours(-5)));
    }

    [Fact]
    public void A_shops_own_levels_replace_the_tables_for_that_rate_only()
    {
        var shop = ShopPolicy.PlatformDefault with
        {
            IndicatorThresholds = System.Collections.Immutable.ImmutableDictionary<string, IndicatorThresholds>.Empty
                .Add("refundRate", new IndicatorThresholds(0.6, 0.8)),
        };

        Assert.Equal(IndicatorLevel.Normal, Indicators.RefundRate.LevelOf(0.5, shop));
        Assert.Equal(IndicatorLevel.Warning, Indicators.RefundRate.LevelOf(0.6, shop));
        Assert.Equal(IndicatorLevel.Alarm, Indicators.RefundRate.LevelOf(0.5));
        Assert.Equal(IndicatorLevel.Alarm, Indicators.RefusalRate.LevelOf(0.5, shop));
        Assert.Equal((0.6, 0.8), Indicators.RefundRate.LevelsFor(shop));
        Assert.Null(ShopPolicyValidator.Validate(shop));
    }
}
