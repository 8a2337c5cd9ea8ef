namespace RefundCluster.LoadTests.Tests.Options;

public sealed class SoakOptionsTests
{
    private static LoadTestOptions Parse(params string[] args) => LoadTestOptions.Parse(args, _ => null);

    [Fact]
    public void Health_is_not_sampled_unless_asked_a_soak_samples_every_minute_and_an_explicit_interval_wins()
    {
        Assert.Null(Parse().HealthEvery);
        Assert.False(Parse().Soak);
        Assert.Equal(TimeSpan.FromMinutes(1), Parse("--soak").HealthEvery);
        Assert.Equal(TimeSpan.FromSeconds(5), Parse("--soak", "--health-every", "5").HealthEvery);
        Assert.Equal(TimeSpan.FromSeconds(5), Parse("--health-every", "5", "--soak").HealthEvery);
        Assert.Equal(TimeSpan.FromSeconds(10), Parse("--health-every", "10").HealthEvery);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void A_health_interval_must_be_positive(string seconds) =>
        Assert.Throws<ArgumentException>(() => Parse("--health-every", seconds));
}
